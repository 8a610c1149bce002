// Adds up the test counts of vitest's and Playwright's JSON reports and prints one closing line,
// `tests: N passed, N failed`, after the failed vitest tests by name; exits non-zero when a test or a step failed, or when no test ran.
import { existsSync, readFileSync } from "node:fs";

const [vitestPath, playwrightPath, failedStepsArg] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg ?? 0);
const read = (file) => (file && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = read(vitestPath);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  console.log(
    `vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed of ${vitest.numTotalTests}`,
  );
  // The failed tests by name and first line of their error, so the summary alone says what broke.
  for (const file of vitest.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const reason = String(test.failureMessages?.[0] ?? "")
        .split("\n")[0]
        .slice(0, 300);
      console.log(`  FAILED ${file.name.replace(process.cwd() + "/", "")} › ${test.fullName}: ${reason}`);
    }
  }
}
const playwright = read(playwrightPath);
if (playwright?.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped: pwSkipped = 0 } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
  console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed (${flaky} flaky)`);
}
if (failedSteps > 0) console.log(`${failedSteps} step(s) failed: see FAIL lines above`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);
