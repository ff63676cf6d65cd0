// Runs a state machine definition with aws-local-stepfunctions, as EngineBenchmark runs it on our engine:
// `node pass-chain.mjs <definition.json> <input.json> <executions> <transitions per execution>`.
// Prints one line per round ("warm-up" then "measured") with the transitions per second.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [definitionFile, inputFile, executionsText, transitionsText] = process.argv.slice(2);
const require = createRequire(process.cwd() + '/');
const { StateMachine } = require('aws-local-stepfunctions');
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const executions = Number(executionsText);
const transitions = Number(transitionsText);
const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });

for (const round of ['warm-up', 'measured']) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < executions; i++) {
    await machine.run(input).result;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const total = executions * transitions;
  console.log(`${round} ${total} ${seconds.toFixed(3)} ${(total / seconds).toFixed(0)}`);
}
