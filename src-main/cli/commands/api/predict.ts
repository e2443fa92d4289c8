import { Argument, Option, type Command } from 'commander';
import type { ImageRecord } from '../../../../src-shared/api/index.js';
import type { CliContext } from '../../cli-context.js';
import { positiveInt, type RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../exit-codes.js';
import { listenForInterrupt, pause } from './interrupt.js';

type PredictAction = 'start' | 'stop';

interface PredictOptions {
  wait?: boolean;
  /** Seconds. */
  timeout?: number;
}

const COMPLETED = 'Prediction Completed';
const STOPPED = 'Prediction Stopped';
const POLL_MS = 1000;

/**
 * Polls the image every second, reporting each status change, until the prediction completed or stopped.
 * Returns undefined when Ctrl-C ended the wait; throws when the timeout passes first.
 */
async function waitForPrediction(
  ctx: CliContext,
  uid: string,
  initialStatus: string | null,
  timeoutSeconds: number | undefined,
): Promise<ImageRecord | undefined> {
  const deadline = timeoutSeconds === undefined ? Infinity : Date.now() + timeoutSeconds * 1000;
  let status = initialStatus;
  const interrupt = listenForInterrupt();
  try {
    for (;;) {
      await pause(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), interrupt.signal);
      if (interrupt.signal.aborted) return undefined;
      const image = await ctx.send('images.get', { imageUniqueId: uid });
      if (image.status !== status) {
        status = image.status;
        ctx.out.info(`Image ${uid}: ${status ?? 'no status'}`);
      }
      if (status === COMPLETED || status === STOPPED) return image;
      if (Date.now() >= deadline) {
        // Our own sentence, said as it is (an unexpected Error would be reworded as "did not work"); the
        // contract's module loads here, not for --help.
        const { AppCommandError } = await import('../../../../src-shared/app/dispatch.js');
        throw new AppCommandError(
          `Timed out after ${timeoutSeconds} s waiting for the prediction of image ${uid} (still "${status ?? 'no status'}"). ` +
            `It goes on on the server; check with \`pathomiq-uploader images --search ${uid}\`.`,
        );
      }
    }
  } catch (error) {
    if (interrupt.signal.aborted) return undefined;
    throw error;
  } finally {
    interrupt.dispose();
  }
}

function describeOutcome(image: ImageRecord): string {
  if (image.status !== COMPLETED) return `${image.status ?? 'No status'} for image ${image.image_unique_id}.`;
  return `${COMPLETED} for image ${image.image_unique_id}: outcome ${image.outcome_prediction ?? '-'}, metric ${image.metric ?? '-'}.`;
}

async function predict(ctx: CliContext, uid: string, action: PredictAction, options: PredictOptions) {
  const command = action === 'start' ? 'predictions.start' : 'predictions.stop';
  const answered = await ctx.send(command, { imageUniqueId: uid });
  const done = action === 'start' ? 'Prediction started' : 'Prediction stopped';
  const acknowledged = `${done}: image ${uid} is now ${answered.status ?? 'without status'}.`;
  if (!options.wait) {
    ctx.out.result(acknowledged, { image_unique_id: uid, action, status: done, image: answered });
    return EXIT.ok;
  }
  // With --wait the single result is the outcome; the acknowledgement and status changes are progress.
  ctx.out.info(acknowledged);
  const image = await waitForPrediction(ctx, uid, answered.status, options.timeout);
  if (!image) {
    ctx.out.info(`Stopped waiting; the prediction of image ${uid} goes on on the server.`);
    return EXIT.interrupted;
  }
  ctx.out.result(describeOutcome(image), {
    image_unique_id: uid,
    status: image.status,
    outcome_prediction: image.outcome_prediction,
    metric: image.metric,
    image,
  });
  if (action === 'start' && image.status !== COMPLETED) {
    ctx.out.error(`The prediction of image ${uid} was stopped before it completed.`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

export function registerPredictCommand(program: Command, run: RunWithContext): void {
  program
    .command('predict')
    .description('Start or stop the prediction of an image; --wait follows it to the end.')
    .argument('<image_unique_id>')
    .addArgument(new Argument('<action>', 'start or stop').choices(['start', 'stop']))
    .option('--wait', `poll the image every second until the prediction is completed or stopped`)
    .addOption(
      new Option('--timeout <seconds>', 'with --wait: give up (exit 1) after this long (default: no limit)')
        .argParser(positiveInt)
        .implies({ wait: true }),
    )
    .action((uid: string, action: PredictAction, options: PredictOptions, command: Command) =>
      run(command, (ctx) => predict(ctx, uid, action, options)),
    );
}
