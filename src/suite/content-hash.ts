import { createHash, type Hash } from 'node:crypto';

/** A hash for a dataset that is streamed: fed its bytes as its rows are read. */
export function streamedDatasetHash(): Hash {
  return createHash('sha256');
}

/** The dataset's own sha256, the same whether it was read whole (`bytes`) or streamed through `streamed`. */
export function datasetDigest(bytes: Buffer | undefined, streamed: Hash | undefined): Buffer {
  return bytes ? createHash('sha256').update(bytes).digest() : streamed!.digest();
}

/** sha256 of the suite text and the dataset's digest: runs of different content are not comparable. */
export function suiteContentHash(suiteText: string, datasetDigest: Buffer): string {
  return createHash('sha256').update(suiteText).update('\0').update(datasetDigest).digest('hex');
}
