using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Tests.Infrastructure
{
    /// <summary>
    /// A single-threaded event loop, like asyncio's, on the test's thread: every continuation of the demo's awaits is
    /// posted here and run one at a time. When nothing is left to run, the loop moves the virtual clock to the next timer.
    /// So a run is deterministic and takes no real time: the clock only moves when every coroutine is waiting.
    /// </summary>
    internal sealed class EventLoop : SynchronizationContext
    {
        private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(20);
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> work = new();

        public override void Post(SendOrPostCallback d, object? state) => work.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state)
            => throw new NotSupportedException("The demos never Send to the event loop.");

        public override SynchronizationContext CreateCopy() => this;

        public static T Run<T>(VirtualClock clock, Func<Task<T>> start)
        {
            var loop = new EventLoop();
            var previous = Current;
            SetSynchronizationContext(loop);
            clock.LoopThread = Thread.CurrentThread;
            try
            {
                var task = start();
                // Wakes the loop if the task completes on another thread (a library's ConfigureAwait(false)).
                _ = task.ContinueWith(_ => loop.work.Add((static _ => { }, null)), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                while (!task.IsCompleted)
                {
                    if (loop.work.TryTake(out var item))
                    {
                        item.Callback(item.State);
                    }
                    else if (!clock.TryAdvanceToNextTimer())
                    {
                        // Nothing to run and no timer: only work finishing on another thread can make progress.
                        if (!loop.work.TryTake(out item, Stuck))
                        {
                            throw new TimeoutException($"The demo is stuck: nothing to run, no timer pending, at virtual time {clock.Now}.");
                        }

                        item.Callback(item.State);
                    }
                }

                return task.GetAwaiter().GetResult();
            }
            finally
            {
                SetSynchronizationContext(previous);
                clock.LoopThread = null;
            }
        }
    }
}
