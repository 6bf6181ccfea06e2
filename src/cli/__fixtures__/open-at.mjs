// Opens (creating and migrating) a database at a given instant, as a second process starting beside
// another does: `node open-at.mjs <database> <epoch ms>`. Prints `ok`, or the error.
import { openDatabase } from '../../../dist/store/open-database.js';

const [path, at] = process.argv.slice(2);
// Spin rather than sleep: a timer would spread the processes over a few milliseconds.
while (Date.now() < Number(at)) {}
try {
  openDatabase(path).close();
  console.log('ok');
} catch (error) {
  console.log(error.message);
}
