/**
 * What `npm run eval` reports about classes:
 *   - for a classifier checkpoint: test accuracy and cross-entropy on grey levels (what cvae
 *     decoder means look like) and on the fixed stochastic binarization (what binary samples,
 *     e.g. PixelCNN's, look like);
 *   - with `--classifier DIR` for a cvae or class-conditional pixelcnn: the class accuracy of its
 *     samples (lib's classAccuracy: n per class, classified by the checkpoint in DIR).
 */
import {
  CheckpointError,
  Classifier,
  classAccuracy,
  conditionalGenerator,
  evaluateClassifier,
  isPixelCNN,
  loadCheckpoint,
} from '../lib/src/index';
import type { ClassAccuracy, ClassifierEvaluation, ImageSet, TrainableModel } from '../lib/src/index';

export interface ClassifierReport extends ClassifierEvaluation {
  checkpoint: string;
  kind: 'classifier';
  dataset: string;
  /** The headline figures are on grey levels, whatever the training input was. */
  binarize: 'none';
  /** The same figures on the fixed stochastic binarization of the test set. */
  stochastic: { accuracy: number; crossEntropy: number };
  seconds: number;
}

/** Test accuracy and cross-entropy of a classifier on grey levels and on binary digits. */
export async function classifierReport(
  model: Classifier,
  test: ImageSet,
  options: { checkpoint: string; batchSize: number; seed: number },
): Promise<ClassifierReport> {
  const { checkpoint, batchSize, seed } = options;
  const started = Date.now();
  const grey = await evaluateClassifier(model, test, { binarize: 'none', batchSize, seed });
  const { accuracy, crossEntropy } = await evaluateClassifier(model, test, { binarize: 'stochastic', batchSize, seed });
  return {
    checkpoint,
    kind: 'classifier',
    dataset: test.name,
    binarize: 'none',
    ...grey,
    stochastic: { accuracy, crossEntropy },
    seconds: (Date.now() - started) / 1000,
  };
}

export function describeClassifier(r: ClassifierReport): string {
  const pct = (a: number) => `${(100 * a).toFixed(2)}%`;
  return [
    `classifier ${r.checkpoint} on ${r.dataset} (${r.examples} examples)`,
    `  accuracy, grey levels              ${pct(r.accuracy)}   cross-entropy ${r.crossEntropy.toFixed(4)} nats`,
    `  accuracy, stochastic binarization  ${pct(r.stochastic.accuracy)}   cross-entropy ${r.stochastic.crossEntropy.toFixed(4)} nats`,
    `  (${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

export type SampleClassReport = ClassAccuracy & { classifier: string; seconds: number };

/** Samples per class by default: the cvae samples in one pass; pixelcnn draws pixel by pixel, slowly. */
export function defaultPerClass(model: TrainableModel): number {
  return isPixelCNN(model) ? 10 : 100;
}

/** The classifier checkpoint in `dir`, checked up front: it exists, is a classifier, and `model` is conditional. */
export async function loadJudge(dir: string, model: TrainableModel): Promise<Judge> {
  conditionalGenerator(model); // refuses unconditional models with a ModelInputError
  const { model: judge } = await loadCheckpoint(dir).catch((e: Error) => {
    throw e instanceof CheckpointError ? new CheckpointError(`--classifier: ${e.message}`) : e;
  });
  if (judge instanceof Classifier) return { dir, classifier: judge };
  judge.dispose();
  throw new CheckpointError(
    `--classifier ${dir} holds a ${judge.kind} checkpoint, not a classifier. Train one with: npm run train -- classifier --out ${dir}`,
  );
}

export type Judge = { dir: string; classifier: Classifier };

/** Class accuracy of `model`'s conditional samples, judged by the classifier (then disposed). */
export async function sampleClassAccuracy(
  model: TrainableModel,
  judge: Judge,
  { perClass, seed }: { perClass: number; seed: number },
): Promise<SampleClassReport> {
  const started = Date.now();
  try {
    const result = await classAccuracy(conditionalGenerator(model), judge.classifier, { perClass, seed });
    return { ...result, classifier: judge.dir, seconds: (Date.now() - started) / 1000 };
  } finally {
    judge.classifier.dispose();
  }
}

export function describeSampleClasses(r: SampleClassReport): string {
  const perClass = r.perClass.map((a, c) => `${c}: ${(100 * a).toFixed(0)}%`).join('  ');
  return [
    `  class accuracy of samples  ${(100 * r.accuracy).toFixed(1)}% (${r.samplesPerClass} per class, judged by ${r.classifier}, ${r.seconds.toFixed(1)} s)`,
    `    per class  ${perClass}`,
  ].join('\n');
}
