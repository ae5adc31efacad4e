using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Learn.Running;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>The demos run in process on the virtual clock: what they print, when, and how long they take.</summary>
    [Collection("learn")]
    public sealed class RunTests
    {
        private readonly WarmChecker warm;

        public RunTests(WarmChecker warm) => this.warm = warm;

        private async Task<(RunResult Broken, RunResult Fixed)> BrokenAndFixedAsync(string name)
        {
            var exercise = Learner.Exercise(name);
            var broken = await warm.Checker.RunTextAsync(exercise, exercise.OriginalText);
            var reference = (await warm.Checker.ReferencesAsync(exercise)).Last();
            return (broken, await warm.Checker.RunTextAsync(exercise, reference.Text));
        }

        [Fact]
        public async Task CountAsync_with_Thread_Sleep_takes_3_s_one_after_another_and_1_s_fixed()
        {
            var (broken, @fixed) = await BrokenAndFixedAsync("CountAsyncWithThreadSleep");

            Assert.Equal(3.0, broken.Elapsed.TotalSeconds, 3);
            Assert.Equal(new[] { "One", "Two", "One", "Two", "One", "Two" }, broken.Output.Take(6).Select(l => l.Text));
            Assert.Equal(1.0, @fixed.Elapsed.TotalSeconds, 3);
            Assert.Equal(new[] { "One", "One", "One", "Two", "Two", "Two" }, @fixed.Output.Take(6).Select(l => l.Text));
            Assert.Equal("countasync executed in 1.00 seconds.", @fixed.Output.Last().Text);
            Assert.Contains("count 3 |", @fixed.Timeline);
        }

        [Fact]
        public async Task Queue_consumers_blocking_on_a_semaphore_consume_0_of_6_and_6_of_6_fixed()
        {
            var (broken, @fixed) = await BrokenAndFixedAsync("QueueConsumerWithSemaphoreWait");

            Assert.StartsWith("0 of 6 items consumed", broken.Output.Last().Text);
            Assert.StartsWith("6 of 6 items consumed", @fixed.Output.Last().Text);

            // Each item is taken the moment it is produced (every 50 ms): the semaphore's own thread-pool hop lands before
            // the virtual clock moves on.
            for (var item = 1; item <= 6; item++)
            {
                var at = System.TimeSpan.FromMilliseconds(50 * (item - 1));
                Assert.Contains(@fixed.Output, l => l.Text.EndsWith($"got item {item}", System.StringComparison.Ordinal) && l.At == at);
            }
        }

        [Fact]
        public async Task Cancellation_reaches_the_stream_only_once_the_token_is_passed()
        {
            var (broken, @fixed) = await BrokenAndFixedAsync("TickerWithoutToken");

            Assert.Equal(5.0, broken.Elapsed.TotalSeconds, 3);
            Assert.Equal(1.2, @fixed.Elapsed.TotalSeconds, 3);
            Assert.Contains(@fixed.Output, l => l.Text == "cancelled");
        }

        [Fact]
        public async Task Blocking_on_Result_makes_the_chains_run_one_after_another()
        {
            var (broken, @fixed) = await BrokenAndFixedAsync("ChainWithResult");

            Assert.Equal(6.0, broken.Elapsed.TotalSeconds, 3);
            Assert.Equal(4.0, @fixed.Elapsed.TotalSeconds, 3);
        }

        [Fact]
        public async Task A_dropped_producer_s_failure_reaches_the_caller_once_awaited()
        {
            var (broken, @fixed) = await BrokenAndFixedAsync("ProducerStartedAndDropped");

            Assert.Null(broken.Failure);
            Assert.Equal("InvalidOperationException: the queue is gone; nobody will ever see this", @fixed.Failure);
        }

        [Fact]
        public async Task Runs_on_the_virtual_clock_are_repeatable()
        {
            var exercise = Learner.Exercise("QueueConsumerWithSemaphoreWait");
            var reference = (await warm.Checker.ReferencesAsync(exercise)).Last().Text;
            var analysis = await warm.Checker.Workspace.AnalyzeAsync(exercise, reference);
            var assembly = await warm.Checker.Workspace.BuildForRunAsync(analysis);

            var first = DemoRunner.Run(assembly, exercise, RunMode.Virtual);
            var second = DemoRunner.Run(assembly, exercise, RunMode.Virtual);

            Assert.Equal(first.Output.Select(l => (l.At, l.Text)), second.Output.Select(l => (l.At, l.Text)));
        }

        [Fact]
        public async Task On_the_real_clock_a_time_scale_shortens_the_run_but_reports_demo_seconds()
        {
            var exercise = Learner.Exercise("CountAsyncWithThreadSleep");
            var analysis = await warm.Checker.Workspace.AnalyzeAsync(exercise, exercise.OriginalText);
            var assembly = await warm.Checker.Workspace.BuildForRunAsync(analysis);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var run = DemoRunner.Run(assembly, exercise, RunMode.Scaled(0.2));

            var real = clock.Elapsed.TotalSeconds;
            Assert.True(real < 2.9, $"3 s of pauses at a scale of 0.2 took {real} s of real time");
            Assert.True(run.Elapsed.TotalSeconds >= 2.9, $"the run reports {run.Elapsed.TotalSeconds} s of demo time for 3 s of pauses");
            Assert.True(run.Elapsed.TotalSeconds <= (real / 0.2) + 0.1, $"{run.Elapsed.TotalSeconds} s of demo time in {real} s of real time at a scale of 0.2");
            Assert.Equal(new[] { "One", "Two", "One", "Two", "One", "Two" }, run.Output.Take(6).Select(l => l.Text));
        }
    }
}
