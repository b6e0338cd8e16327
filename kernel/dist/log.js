"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.log = log;
/** The kernel's own log: the real stderr (Jupyter's server console), captured before cells take stderr over. */
const write = process.stderr.write.bind(process.stderr);
function log(line) {
    write(`genmodels kernel: ${line}\n`);
}
//# sourceMappingURL=log.js.map