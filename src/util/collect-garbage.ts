import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full garbage collection, now. Used once after loading the tokenizer:
 * parsing its 2 MB table leaves tens of megabytes of garbage, and V8 sizes
 * the heap's next growth step from what it finds live at a collection, so
 * collecting here keeps the whole run's memory lower. (`--expose-gc` set at
 * run time applies to new contexts, hence the vm context.)
 */
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
