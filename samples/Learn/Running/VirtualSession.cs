using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncRules.Learn.Runtime
{
    /// <summary>
    /// A run on a virtual clock, for tests, <c>verify</c> and <c>dev check</c>: deterministic and instant. Everything the
    /// demo starts runs on one thread, an event loop like asyncio's (a <see cref="SynchronizationContext"/> and a
    /// <see cref="TaskScheduler"/>); when nothing is left to run, the clock jumps to the next timer. A blocking wait keeps
    /// the loop going underneath it until what it waits for is done, which is what the other threads of a console program
    /// would do meanwhile, so a blocked coroutine costs time exactly as it does for real, and nothing deadlocks that
    /// would not deadlock in a console program.
    /// </summary>
    internal sealed class VirtualSession : DemoSession
    {
        /// <summary>How long the loop waits for work from another thread (a library's ConfigureAwait(false)) before it calls the run stuck.</summary>
        private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(1);
        private const int MaxBlockingDepth = 200;

        private readonly VirtualClock clock = new();
        private readonly EventLoop loop;
        private readonly TimeSpan limit;
        /// <summary>
        /// How long the loop waits, at most, for the thread pool to go quiet before moving the clock anyway. It waits only
        /// while the pool has work, and that work is usually the demo's (a library continuation); on a loaded machine it
        /// can take a while to be scheduled, and moving the clock under it would make the run come out differently.
        /// </summary>
        private static readonly TimeSpan QuietWithin = TimeSpan.FromSeconds(5);
        private int depth;
        private int busyFloor;
        private long completedSeen;

        public VirtualSession(TimeSpan limit)
        {
            this.limit = limit;
            loop = new EventLoop(this);
        }

        public override TimeProvider Time => clock;

        public override TimeSpan Elapsed => clock.Now;

        /// <summary>Set when the run must end now: an exception nobody could catch (async void), the time limit, a hang.</summary>
        public Exception? Abort { get; private set; }

        public Thread? LoopThread { get; private set; }

        public int TimersCreatedOffLoop => clock.CreatedOffLoop;

        public override void Sleep(TimeSpan duration)
        {
            if (duration > TimeSpan.Zero)
            {
                BlockUntil(static () => false, duration, CancellationToken.None);
            }
        }

        public override Task Start(Func<Task> work, CancellationToken cancellationToken)
            => Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, loop.Scheduler).Unwrap();

        public override Task<T> Start<T>(Func<Task<T>> work, CancellationToken cancellationToken)
            => Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, loop.Scheduler).Unwrap();

        public override void BlockUntil(Func<bool> condition, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            TimeSpan? deadline = timeout is { } t && t != Timeout.InfiniteTimeSpan ? clock.Now + (t < TimeSpan.Zero ? TimeSpan.Zero : t) : null;
            if (Thread.CurrentThread != LoopThread)
            {
                // Demo code that ended up on another thread: the loop moves the clock; wait for it.
                while (!condition() && !(deadline is { } d && clock.Now >= d) && Abort is null)
                {
                    Thread.Sleep(1);
                }

                return;
            }

            if (++depth > MaxBlockingDepth)
            {
                depth--;
                Fail(new DemoAbortedException($"more than {MaxBlockingDepth} blocking waits nested inside each other"));
            }

            try
            {
                while (!condition())
                {
                    if (Abort is { } abort)
                    {
                        throw abort;
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    if (loop.Scheduler.RunOne())
                    {
                        continue;
                    }

                    if (deadline is { } due && clock.Now >= due)
                    {
                        return;
                    }

                    // Work that left the loop (a library's ConfigureAwait(false), file I/O on the thread pool) must land
                    // before the clock moves, or time would pass under it.
                    if (WaitForThreadPoolQuiet())
                    {
                        continue;
                    }

                    if (clock.FireNext(deadline))
                    {
                        if (clock.Now > limit)
                        {
                            Fail(new DemoAbortedException($"still running after {limit.TotalSeconds:0} s of demo time"));
                        }

                        continue;
                    }

                    if (deadline is { } end)
                    {
                        clock.AdvanceTo(end);
                        return;
                    }

                    if (!loop.Scheduler.WaitForWork(StuckAfter))
                    {
                        Fail(new DemoAbortedException($"it hung at {clock.Now.TotalSeconds:0.00} s: it waits for something that nothing is left to do"));
                    }
                }
            }
            finally
            {
                depth--;
            }
        }

        /// <summary>
        /// Waits (at most <see cref="QuietWithin"/> of real time) while the thread pool has work queued or more threads busy
        /// than when the run started. True when work for the loop arrived meanwhile.
        /// </summary>
        private bool WaitForThreadPoolQuiet()
        {
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(QuietWithin.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                // Quiet means: nothing queued, no extra thread busy, and no pool item finished since the last look (one that
                // just finished may have posted to the loop a moment ago).
                var completed = ThreadPool.CompletedWorkItemCount;
                var changed = completed != completedSeen;
                completedSeen = completed;
                if (!ThreadPoolBusy() && !changed)
                {
                    break;
                }

                if (loop.Scheduler.WaitForWork(TimeSpan.FromMilliseconds(1)))
                {
                    return true;
                }
            }

            return loop.Scheduler.HasWork;
        }

        /// <summary>
        /// Work queued, or more pool threads busy than the fewest seen during this run (threads blocked for good, such as a
        /// reader of the console, are always busy; the host's own thread that started the run soon is not).
        /// </summary>
        private bool ThreadPoolBusy()
        {
            var busy = BusyPoolThreads();
            if (busy < busyFloor)
            {
                busyFloor = busy;
            }

            return ThreadPool.PendingWorkItemCount > 0 || busy > busyFloor;
        }

        private static int BusyPoolThreads()
        {
            ThreadPool.GetMaxThreads(out var max, out _);
            ThreadPool.GetAvailableThreads(out var available, out _);
            return max - available;
        }

        /// <summary>Runs <paramref name="entry"/> on the calling thread, which becomes the event loop, until its task is done.</summary>
        public Task Run(Func<Task> entry)
        {
            LoopThread = Thread.CurrentThread;
            clock.LoopThread = LoopThread;
            busyFloor = BusyPoolThreads();
            completedSeen = ThreadPool.CompletedWorkItemCount;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(loop);
            try
            {
                var task = Start(entry, CancellationToken.None);
                BlockUntil(() => task.IsCompleted, null, CancellationToken.None);
                return task;
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
        }

        private void Fail(Exception exception)
        {
            Abort ??= exception;
            throw Abort;
        }

        internal void Crash(Exception exception)
        {
            Abort ??= new DemoAbortedException($"an exception nobody could catch ended the program: {exception.GetType().Name}: {exception.Message}", exception);
        }

        /// <summary>The event loop: a synchronization context whose every callback is a task on <see cref="Scheduler"/>.</summary>
        private sealed class EventLoop : SynchronizationContext
        {
            private readonly VirtualSession session;

            public EventLoop(VirtualSession session)
            {
                this.session = session;
                Scheduler = new LoopScheduler(session);
            }

            public LoopScheduler Scheduler { get; }

            public override void Post(SendOrPostCallback d, object? state)
                => Task.Factory.StartNew(
                    () =>
                    {
                        try
                        {
                            d(state);
                        }
                        catch (DemoAbortedException)
                        {
                            throw;
                        }
                        catch (Exception exception)
                        {
                            // What a console program does with an exception from an async void method: it ends.
                            session.Crash(exception);
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.DenyChildAttach,
                    Scheduler);

            public override void Send(SendOrPostCallback d, object? state)
            {
                if (Thread.CurrentThread == session.LoopThread)
                {
                    d(state);
                }
                else
                {
                    using var done = new ManualResetEventSlim();
                    Post(_ => { try { d(state); } finally { done.Set(); } }, null);
                    done.Wait();
                }
            }

            public override SynchronizationContext CreateCopy() => this;
        }

        private sealed class LoopScheduler : TaskScheduler
        {
            private readonly VirtualSession session;
            private readonly ConcurrentQueue<Task> queue = new();
            private readonly SemaphoreSlim arrived = new(0);

            public LoopScheduler(VirtualSession session) => this.session = session;

            public override int MaximumConcurrencyLevel => 1;

            public bool RunOne()
            {
                while (queue.TryDequeue(out var task))
                {
                    if (TryExecuteTask(task))
                    {
                        return true;
                    }
                }

                return false;
            }

            public bool HasWork => !queue.IsEmpty;

            /// <summary>True as soon as work is queued; false when <paramref name="timeout"/> passes first.</summary>
            public bool WaitForWork(TimeSpan timeout)
            {
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (queue.IsEmpty)
                {
                    var left = until - System.Diagnostics.Stopwatch.GetTimestamp();
                    if (left <= 0 || !arrived.Wait(TimeSpan.FromSeconds((double)left / System.Diagnostics.Stopwatch.Frequency)))
                    {
                        return !queue.IsEmpty;
                    }
                }

                return true;
            }

            protected override void QueueTask(Task task)
            {
                queue.Enqueue(task);
                arrived.Release();
            }

            protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
                => Thread.CurrentThread == session.LoopThread && TryExecuteTask(task);

            protected override IEnumerable<Task> GetScheduledTasks() => queue.ToArray();
        }
    }

    /// <summary>Ends a run on the virtual clock: the reason is in the message.</summary>
    internal sealed class DemoAbortedException : Exception
    {
        public DemoAbortedException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>
    /// A clock that stands still until the event loop has nothing left to run; then it jumps to the earliest timer. Timers
    /// due together fire in the order they were made.
    /// </summary>
    internal sealed class VirtualClock : TimeProvider
    {
        private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly object gate = new();
        private readonly List<VirtualTimer> timers = new();
        private long sequence;
        private TimeSpan now;

        public TimeSpan Now
        {
            get
            {
                lock (gate)
                {
                    return now;
                }
            }
        }

        public Thread? LoopThread { get; set; }

        public int CreatedOffLoop { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.Ticks;

        public override DateTimeOffset GetUtcNow() => Epoch + Now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (LoopThread is not null && Thread.CurrentThread != LoopThread)
            {
                CreatedOffLoop++;
            }

            var timer = new VirtualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>Moves to the earliest timer due no later than <paramref name="limit"/> and fires it; false when there is none.</summary>
        public bool FireNext(TimeSpan? limit)
        {
            VirtualTimer next;
            lock (gate)
            {
                if (timers.Count == 0)
                {
                    return false;
                }

                next = timers[0];
                foreach (var timer in timers)
                {
                    if (timer.Due < next.Due || (timer.Due == next.Due && timer.Sequence < next.Sequence))
                    {
                        next = timer;
                    }
                }

                if (limit is { } l && next.Due > l)
                {
                    return false;
                }

                if (next.Due > now)
                {
                    now = next.Due;
                }

                timers.Remove(next);
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Schedule(now + next.Period, next.Period, ++sequence);
                    timers.Add(next);
                }
            }

            next.Fire();
            return true;
        }

        public void AdvanceTo(TimeSpan time)
        {
            lock (gate)
            {
                if (time > now)
                {
                    now = time;
                }
            }
        }

        private void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
        {
            lock (gate)
            {
                timers.Remove(timer);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    timer.Schedule(now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime), period, ++sequence);
                    timers.Add(timer);
                }
            }
        }

        private void Remove(VirtualTimer timer)
        {
            lock (gate)
            {
                timers.Remove(timer);
            }
        }

        private sealed class VirtualTimer : ITimer
        {
            private readonly VirtualClock clock;
            private readonly TimerCallback callback;
            private readonly object? state;

            public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
            {
                this.clock = clock;
                this.callback = callback;
                this.state = state;
            }

            public TimeSpan Due { get; private set; }

            public TimeSpan Period { get; private set; }

            public long Sequence { get; private set; }

            public void Schedule(TimeSpan due, TimeSpan period, long sequence)
            {
                Due = due;
                Period = period;
                Sequence = sequence;
            }

            public void Fire() => callback(state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.Schedule(this, dueTime, period);
                return true;
            }

            public void Dispose() => clock.Remove(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
