/** The tests use the demo's seeded generator. */
export { seededRandom } from '../demo/seeded-random.js';
