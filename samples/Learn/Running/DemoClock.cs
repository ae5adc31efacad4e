using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncRules.Learn.Runtime
{
    /// <summary>
    /// What a demo's time-related calls become when the learn tool runs it (see <c>ClockRewriter</c>): <c>Task.Delay</c>,
    /// <c>Thread.Sleep</c>, <c>Stopwatch</c>, timed <c>CancellationTokenSource</c>s, and the blocking waits
    /// (<c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll</c>, <c>SemaphoreSlim.Wait</c>, <c>ToBlockingEnumerable</c>). Each
    /// goes to the session of the run in progress: a virtual clock (tests, <c>verify</c>, <c>dev check</c>) or the real
    /// clock scaled down (the learner's runs). Outside a session every call behaves like the original.
    /// Public only because compiled demo code calls it; not an API.
    /// </summary>
    public static class DemoClock
    {
        private static readonly AsyncLocal<DemoSession?> CurrentSession = new();

        internal static DemoSession? Session
        {
            get => CurrentSession.Value;
            set => CurrentSession.Value = value;
        }

        /// <summary>The clock of the run: what <c>TimeProvider.System</c> becomes.</summary>
        public static TimeProvider Time => Session?.Time ?? TimeProvider.System;

        public static Task Delay(int millisecondsDelay) => Delay(Milliseconds(millisecondsDelay), CancellationToken.None);

        public static Task Delay(int millisecondsDelay, CancellationToken cancellationToken) => Delay(Milliseconds(millisecondsDelay), cancellationToken);

        public static Task Delay(TimeSpan delay) => Delay(delay, CancellationToken.None);

        public static Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, Time, cancellationToken);

        public static void Sleep(int millisecondsTimeout) => Sleep(Milliseconds(millisecondsTimeout));

        public static void Sleep(TimeSpan timeout)
        {
            if (Session is { } session)
            {
                session.Sleep(timeout);
            }
            else
            {
                Thread.Sleep(timeout);
            }
        }

        public static CancellationTokenSource NewCancellationTokenSource() => new(Timeout.InfiniteTimeSpan, Time);

        public static CancellationTokenSource NewCancellationTokenSource(TimeSpan delay) => new(delay, Time);

        public static CancellationTokenSource NewCancellationTokenSource(int millisecondsDelay) => new(Milliseconds(millisecondsDelay), Time);

        public static PeriodicTimer NewPeriodicTimer(TimeSpan period) => new(period, Time);

        public static Task WaitAsync(Task task, TimeSpan timeout) => task.WaitAsync(timeout, Time);

        public static Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken) => task.WaitAsync(timeout, Time, cancellationToken);

        public static Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout) => task.WaitAsync(timeout, Time);

        public static Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout, CancellationToken cancellationToken) => task.WaitAsync(timeout, Time, cancellationToken);

        // ---- Task.Run: on the virtual clock the work joins the run's event loop, so its pauses are on that clock too.

        public static Task Run(Action action) => Run(action, CancellationToken.None);

        public static Task Run(Action action, CancellationToken cancellationToken)
            => Session is { } s ? s.Start(() => { action(); return Task.CompletedTask; }, cancellationToken) : Task.Run(action, cancellationToken);

        public static Task Run(Func<Task?> function) => Run(function, CancellationToken.None);

        public static Task Run(Func<Task?> function, CancellationToken cancellationToken)
            => Session is { } s ? s.Start(() => function() ?? Task.CompletedTask, cancellationToken) : Task.Run(function, cancellationToken);

        public static Task<T> Run<T>(Func<T> function) => Run(function, CancellationToken.None);

        public static Task<T> Run<T>(Func<T> function, CancellationToken cancellationToken)
            => Session is { } s ? s.Start(() => Task.FromResult(function()), cancellationToken) : Task.Run(function, cancellationToken);

        public static Task<T> Run<T>(Func<Task<T>?> function) => Run(function, CancellationToken.None);

        public static Task<T> Run<T>(Func<Task<T>?> function, CancellationToken cancellationToken)
            => Session is { } s ? s.Start(() => function() ?? Task.FromResult(default(T)!), cancellationToken) : Task.Run(function, cancellationToken);

        // ---- Blocking waits. On the virtual clock the blocked call keeps the event loop going (as other threads would go
        // on in a console program) and lets virtual time pass, then the original member runs on a finished task, so its
        // result and exceptions are exactly the original's.

        public static Task Ready(Task task)
        {
            Session?.BlockUntil(() => task.IsCompleted, null, CancellationToken.None);
            return task;
        }

        public static Task<T> Ready<T>(Task<T> task)
        {
            Session?.BlockUntil(() => task.IsCompleted, null, CancellationToken.None);
            return task;
        }

        public static ValueTask Ready(ValueTask task)
        {
            if (Session is null || task.IsCompleted)
            {
                return task;
            }

            var asTask = task.AsTask();
            Session.BlockUntil(() => asTask.IsCompleted, null, CancellationToken.None);
            return new ValueTask(asTask);
        }

        public static ValueTask<T> Ready<T>(ValueTask<T> task)
        {
            if (Session is null || task.IsCompleted)
            {
                return task;
            }

            var asTask = task.AsTask();
            Session.BlockUntil(() => asTask.IsCompleted, null, CancellationToken.None);
            return new ValueTask<T>(asTask);
        }

        public static void Wait(Task task) => Ready(task).Wait();

        public static void Wait(Task task, CancellationToken cancellationToken)
        {
            Session?.BlockUntil(() => task.IsCompleted || cancellationToken.IsCancellationRequested, null, CancellationToken.None);
            task.Wait(cancellationToken);
        }

        public static bool Wait(Task task, int millisecondsTimeout) => Wait(task, Milliseconds(millisecondsTimeout), CancellationToken.None);

        public static bool Wait(Task task, TimeSpan timeout) => Wait(task, timeout, CancellationToken.None);

        public static bool Wait(Task task, int millisecondsTimeout, CancellationToken cancellationToken) => Wait(task, Milliseconds(millisecondsTimeout), cancellationToken);

        public static bool Wait(Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Session is null)
            {
                return task.Wait((int)timeout.TotalMilliseconds, cancellationToken);
            }

            Session.BlockUntil(() => task.IsCompleted || cancellationToken.IsCancellationRequested, timeout, CancellationToken.None);
            return task.Wait(0, cancellationToken);
        }

        public static void WaitAll(params Task[] tasks) => WaitAll(tasks, CancellationToken.None);

        public static void WaitAll(IEnumerable<Task> tasks) => WaitAll(new List<Task>(tasks).ToArray(), CancellationToken.None);

        public static void WaitAll(Task[] tasks, CancellationToken cancellationToken)
        {
            Session?.BlockUntil(() => AllCompleted(tasks) || cancellationToken.IsCancellationRequested, null, CancellationToken.None);
            Task.WaitAll(tasks, cancellationToken);
        }

        public static bool WaitAll(Task[] tasks, int millisecondsTimeout) => WaitAll(tasks, Milliseconds(millisecondsTimeout));

        public static bool WaitAll(Task[] tasks, TimeSpan timeout)
        {
            Session?.BlockUntil(() => AllCompleted(tasks), timeout, CancellationToken.None);
            return Session is null ? Task.WaitAll(tasks, timeout) : Task.WaitAll(tasks, 0);
        }

        public static int WaitAny(params Task[] tasks)
        {
            Session?.BlockUntil(() => Array.Exists(tasks, t => t.IsCompleted), null, CancellationToken.None);
            return Task.WaitAny(tasks);
        }

        public static int WaitAny(Task[] tasks, int millisecondsTimeout) => WaitAny(tasks, Milliseconds(millisecondsTimeout));

        public static int WaitAny(Task[] tasks, TimeSpan timeout)
        {
            Session?.BlockUntil(() => Array.Exists(tasks, t => t.IsCompleted), timeout, CancellationToken.None);
            return Session is null ? Task.WaitAny(tasks, timeout) : Task.WaitAny(tasks, 0);
        }

        public static void Wait(SemaphoreSlim semaphore) => Wait(semaphore, CancellationToken.None);

        public static void Wait(SemaphoreSlim semaphore, CancellationToken cancellationToken)
        {
            if (Session is { } session)
            {
                session.BlockUntil(() => semaphore.CurrentCount > 0 || cancellationToken.IsCancellationRequested, null, CancellationToken.None);
            }

            semaphore.Wait(cancellationToken);
        }

        public static bool Wait(SemaphoreSlim semaphore, int millisecondsTimeout) => Wait(semaphore, Milliseconds(millisecondsTimeout), CancellationToken.None);

        public static bool Wait(SemaphoreSlim semaphore, TimeSpan timeout) => Wait(semaphore, timeout, CancellationToken.None);

        public static bool Wait(SemaphoreSlim semaphore, int millisecondsTimeout, CancellationToken cancellationToken) => Wait(semaphore, Milliseconds(millisecondsTimeout), cancellationToken);

        public static bool Wait(SemaphoreSlim semaphore, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Session is null)
            {
                return semaphore.Wait(timeout, cancellationToken);
            }

            Session.BlockUntil(() => semaphore.CurrentCount > 0 || cancellationToken.IsCancellationRequested, timeout, CancellationToken.None);
            return semaphore.Wait(0, cancellationToken);
        }

        public static IEnumerable<T> ToBlockingEnumerable<T>(IAsyncEnumerable<T> source) => ToBlockingEnumerable(source, CancellationToken.None);

        public static IEnumerable<T> ToBlockingEnumerable<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
        {
            if (Session is null)
            {
                return source.ToBlockingEnumerable(cancellationToken);
            }

            return Blocking(source, cancellationToken);

            static IEnumerable<T> Blocking(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
            {
                var enumerator = source.GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (Ready(enumerator.MoveNextAsync()).GetAwaiter().GetResult())
                    {
                        yield return enumerator.Current;
                    }
                }
                finally
                {
                    Ready(enumerator.DisposeAsync()).GetAwaiter().GetResult();
                }
            }
        }

        /// <summary><c>Environment.Exit</c>: ends the run, not the learn tool that runs it.</summary>
        public static void Exit(int exitCode) => throw new DemoExitException(exitCode);

        private static bool AllCompleted(Task[] tasks) => Array.TrueForAll(tasks, t => t.IsCompleted);

        private static TimeSpan Milliseconds(int milliseconds)
            => milliseconds == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>What <c>Environment.Exit</c> becomes in a run.</summary>
    public sealed class DemoExitException : Exception
    {
        public DemoExitException(int exitCode)
            : base($"Environment.Exit({exitCode})") => ExitCode = exitCode;

        public int ExitCode { get; }
    }

    /// <summary>
    /// Replaces <see cref="System.Diagnostics.Stopwatch"/> in demo code that the learn tool runs: the same members, on the
    /// run's clock (<see cref="DemoClock.Time"/>) captured when the stopwatch is made.
    /// </summary>
    public sealed class Stopwatch
    {
        /// <summary>Ticks per second of <see cref="GetTimestamp"/> and <see cref="ElapsedTicks"/>.</summary>
        public static readonly long Frequency = TimeSpan.TicksPerSecond;

        public static readonly bool IsHighResolution = true;

        private readonly TimeProvider time;
        private long startedAt;
        private TimeSpan banked;

        public Stopwatch() => time = DemoClock.Time;

        public bool IsRunning { get; private set; }

        public TimeSpan Elapsed => IsRunning ? banked + time.GetElapsedTime(startedAt) : banked;

        public long ElapsedMilliseconds => (long)Elapsed.TotalMilliseconds;

        public long ElapsedTicks => Elapsed.Ticks;

        public static Stopwatch StartNew()
        {
            var stopwatch = new Stopwatch();
            stopwatch.Start();
            return stopwatch;
        }

        public static long GetTimestamp()
        {
            var time = DemoClock.Time;
            return (long)(time.GetTimestamp() * ((double)Frequency / time.TimestampFrequency));
        }

        public static TimeSpan GetElapsedTime(long startingTimestamp) => GetElapsedTime(startingTimestamp, GetTimestamp());

        public static TimeSpan GetElapsedTime(long startingTimestamp, long endingTimestamp) => TimeSpan.FromTicks(endingTimestamp - startingTimestamp);

        public void Start()
        {
            if (!IsRunning)
            {
                startedAt = time.GetTimestamp();
                IsRunning = true;
            }
        }

        public void Stop()
        {
            if (IsRunning)
            {
                banked += time.GetElapsedTime(startedAt);
                IsRunning = false;
            }
        }

        public void Reset()
        {
            banked = TimeSpan.Zero;
            IsRunning = false;
        }

        public void Restart()
        {
            banked = TimeSpan.Zero;
            startedAt = time.GetTimestamp();
            IsRunning = true;
        }

        public override string ToString() => Elapsed.ToString();
    }
}
