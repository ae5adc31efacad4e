using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncRules.Learn.Runtime
{
    /// <summary>One run of a demo: its clock, how it sleeps, starts work and blocks. See <see cref="DemoClock"/>.</summary>
    internal abstract class DemoSession
    {
        public abstract TimeProvider Time { get; }

        /// <summary>Time on this session's clock since the run started, in the demo's own seconds.</summary>
        public abstract TimeSpan Elapsed { get; }

        /// <summary><c>Thread.Sleep</c>: the calling thread holds still for <paramref name="duration"/> of demo time.</summary>
        public abstract void Sleep(TimeSpan duration);

        /// <summary><c>Task.Run</c>.</summary>
        public abstract Task Start(Func<Task> work, CancellationToken cancellationToken);

        /// <summary><c>Task.Run</c> with a result.</summary>
        public abstract Task<T> Start<T>(Func<Task<T>> work, CancellationToken cancellationToken);

        /// <summary>
        /// The calling thread blocks until <paramref name="condition"/> holds or <paramref name="timeout"/> (demo time, null:
        /// none) passes. A session that cannot make the wait itself returns at once when there is no timeout and lets the
        /// original blocking member wait.
        /// </summary>
        public abstract void BlockUntil(Func<bool> condition, TimeSpan? timeout, CancellationToken cancellationToken);
    }

    /// <summary>The learner's runs: the real clock, every pause multiplied by a scale (0.25 runs four times faster).</summary>
    internal sealed class ScaledSession : DemoSession
    {
        private readonly ScaledTimeProvider time;

        public ScaledSession(double scale) => time = new ScaledTimeProvider(scale);

        public override TimeProvider Time => time;

        public override TimeSpan Elapsed => time.GetElapsedTime(0);

        public double Scale => time.Scale;

        public override void Sleep(TimeSpan duration) => Thread.Sleep(time.ToReal(duration));

        public override Task Start(Func<Task> work, CancellationToken cancellationToken) => Task.Run(work, cancellationToken);

        public override Task<T> Start<T>(Func<Task<T>> work, CancellationToken cancellationToken) => Task.Run(work, cancellationToken);

        public override void BlockUntil(Func<bool> condition, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            if (timeout is not { } limit || limit == Timeout.InfiniteTimeSpan)
            {
                return; // the original member blocks, for real
            }

            var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(time.ToReal(limit).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            while (!condition() && System.Diagnostics.Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>The real clock, slowed or sped up: timers are due after <c>delay × scale</c>, readings are divided by it.</summary>
    internal sealed class ScaledTimeProvider : TimeProvider
    {
        private readonly long origin = TimeProvider.System.GetTimestamp();
        private readonly DateTimeOffset originUtc = TimeProvider.System.GetUtcNow();

        public ScaledTimeProvider(double scale)
        {
            if (!(scale > 0) || double.IsInfinity(scale))
            {
                throw new ArgumentOutOfRangeException(nameof(scale), "The time scale must be a positive number.");
            }

            Scale = scale;
        }

        public double Scale { get; }

        public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

        public override long GetTimestamp() => (long)((TimeProvider.System.GetTimestamp() - origin) / Scale);

        public override DateTimeOffset GetUtcNow() => originUtc + ((TimeProvider.System.GetUtcNow() - originUtc) / Scale);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => new ScaledTimer(TimeProvider.System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

        public TimeSpan ToReal(TimeSpan demo)
            => demo == Timeout.InfiniteTimeSpan || demo <= TimeSpan.Zero ? demo : TimeSpan.FromTicks(Math.Max(1, (long)(demo.Ticks * Scale)));

        private sealed class ScaledTimer : ITimer
        {
            private readonly ITimer inner;
            private readonly ScaledTimeProvider owner;

            public ScaledTimer(ITimer inner, ScaledTimeProvider owner)
            {
                this.inner = inner;
                this.owner = owner;
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.ToReal(dueTime), owner.ToReal(period));

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
