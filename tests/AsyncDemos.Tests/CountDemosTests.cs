using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>countsync and countasync: the walkthrough's first lesson, concurrency without threads.</summary>
    public class CountDemosTests
    {
        [Fact]
        public void Countasync_prints_three_Ones_then_three_Twos_in_one_second()
        {
            var run = DemoRunner.Run("countasync");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(new[] { "One", "One", "One", "Two", "Two", "Two", "countasync executed in 1.00 seconds." }, run.DemoLines);
            Assert.Equal(TimeSpan.FromSeconds(1), run.Elapsed);
            Assert.Equal("", run.Error);
        }

        [Fact]
        public void Countsync_prints_One_Two_three_times_in_three_seconds()
        {
            var run = DemoRunner.Run("countsync");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(new[] { "One", "Two", "One", "Two", "One", "Two", "countsync executed in 3.00 seconds." }, run.DemoLines);
            Assert.Equal(TimeSpan.FromSeconds(3), run.Elapsed);
        }

        [Theory]
        [InlineData("countasync", "0.1", 0.1, "countasync executed in 0.10 seconds (time scale 0.1).")]
        [InlineData("countsync", "0.5", 1.5, "countsync executed in 1.50 seconds (time scale 0.5).")]
        [InlineData("countasync", "2", 2.0, "countasync executed in 2.00 seconds (time scale 2).")]
        public void Time_scale_multiplies_every_pause(string demo, string scale, double seconds, string lastLine)
        {
            var run = DemoRunner.Run(demo, "--time-scale", scale);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(TimeSpan.FromSeconds(seconds), run.Elapsed);
            Assert.Equal(lastLine, run.DemoLines.Last());
        }

        [Fact]
        public void Numbers_print_with_a_dot_whatever_the_locale()
        {
            var previous = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            try
            {
                var run = DemoRunner.Run("countsync", "--time-scale", "0.5");
                Assert.Equal("countsync executed in 1.50 seconds (time scale 0.5).", run.DemoLines.Last());
                Assert.Equal("de-DE", CultureInfo.CurrentCulture.Name);
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }

        [Fact]
        public void Ctrl_C_during_countasync_stops_at_the_pause_and_says_so()
        {
            var run = DemoRunner.Run(new[] { "countasync" }, color: false, cancelAt: TimeSpan.FromSeconds(0.5));

            Assert.Equal(130, run.ExitCode);
            Assert.Equal(new[] { "One", "One", "One", "countasync cancelled after 0.50 seconds." }, run.DemoLines);
            Assert.Equal(TimeSpan.FromSeconds(0.5), run.Elapsed);
            Assert.DoesNotContain("Exception", run.Output + run.Error);
        }

        [Fact]
        public void Ctrl_C_during_countsync_ends_the_blocking_sleep_it_is_in()
        {
            var run = DemoRunner.Run(new[] { "countsync" }, color: false, cancelAt: TimeSpan.FromSeconds(1.5));

            Assert.Equal(130, run.ExitCode);
            Assert.Equal(new[] { "One", "Two", "One", "countsync cancelled after 1.50 seconds." }, run.DemoLines);
            Assert.DoesNotContain("Exception", run.Output + run.Error);
        }

        [Fact]
        public void A_cancellation_after_the_run_changes_nothing()
        {
            var run = DemoRunner.Run(new[] { "countasync" }, color: false, cancelAt: TimeSpan.FromSeconds(5));

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("countasync executed in 1.00 seconds.", run.DemoLines.Last());
        }
    }
}
