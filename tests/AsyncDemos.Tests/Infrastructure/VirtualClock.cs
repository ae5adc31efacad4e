using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AsyncDemos.Tests.Infrastructure
{
    /// <summary>
    /// A clock that stands still until told to move. Timers are kept in a list; <see cref="TryAdvanceToNextTimer"/>
    /// jumps to the earliest one and fires it, so a demo's second-long pauses pass in no real time at all. Timers due at
    /// the same moment fire in the order they were created, which is what makes runs deterministic.
    /// </summary>
    internal sealed class VirtualClock : TimeProvider, IBlockingClock
    {
        private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly object gate = new();
        private readonly List<VirtualTimer> timers = new();
        private long sequence;
        private TimeSpan now;

        /// <summary>How far the clock has moved since it was made.</summary>
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

        public int PendingTimers
        {
            get
            {
                lock (gate)
                {
                    return timers.Count;
                }
            }
        }

        public override DateTimeOffset GetUtcNow() => Epoch + Now;

        public override long GetTimestamp() => Now.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        /// <summary>The event loop's thread, when one runs the demo.</summary>
        public Thread? LoopThread { get; set; }

        /// <summary>
        /// Timers created on another thread than the loop's: demo code that ran off the event loop, where the clock could
        /// move while it runs. <see cref="DemoRunner"/> fails a run that has any.
        /// </summary>
        public int TimersCreatedOffLoop { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (LoopThread is not null && Thread.CurrentThread != LoopThread)
            {
                TimersCreatedOffLoop++;
            }

            var timer = new VirtualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>Moves to the earliest timer and fires it. False when no timer is pending.</summary>
        public bool TryAdvanceToNextTimer() => FireNext(limit: null);

        /// <summary>
        /// Time passes for a blocked thread: fire every timer due meanwhile, then stand at the end. Cancellation (a timer
        /// that cancels, like a Ctrl+C at a given moment) ends the block at that moment, as a real blocking wait would.
        /// </summary>
        public void PassWhileBlocked(TimeSpan duration, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan target;
            lock (gate)
            {
                target = now + duration;
            }

            while (FireNext(target))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            lock (gate)
            {
                if (now < target)
                {
                    now = target;
                }
            }
        }

        private bool FireNext(TimeSpan? limit)
        {
            VirtualTimer next;
            lock (gate)
            {
                if (timers.Count == 0)
                {
                    return false;
                }

                next = timers.OrderBy(t => t.Due).ThenBy(t => t.Sequence).First();
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

            public System.Threading.Tasks.ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
