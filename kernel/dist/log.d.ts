export declare function log(line: string): void;
