using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>queue: producers and consumers that know nothing of each other, only of the queue.</summary>
    public class QueueDemoTests
    {
        private static readonly Regex Added = new(@"^Producer (?<p>\d+) added <(?<item>[0-9a-f]{10})> to queue\.$");
        private static readonly Regex Got = new(@"^Consumer (?<c>\d+) got element <(?<item>[0-9a-f]{10})> in (?<s>\d+\.\d{5}) seconds\.$");
        private static readonly Regex Sleeping = new(@"^(?<who>Producer|Consumer) (?<n>\d+) sleeping for (?<s>\d+) seconds\.$");

        [Theory]
        [InlineData("-p", "2", "-c", "5")]
        [InlineData("--producers", "3", "--consumers", "1")]
        [InlineData("-p", "1", "-c", "1", "--seed", "9")]
        [InlineData]
        public void Every_item_produced_is_consumed_once_and_the_run_reports_its_time(params string[] options)
        {
            var run = DemoRunner.Run(new[] { "queue" }.Concat(options).ToArray(), color: false, cancelAt: null);
            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = run.DemoLines;
            var producers = options.Contains("-p") ? int.Parse(options[Array.IndexOf(options, "-p") + 1]) : options.Contains("--producers") ? 3 : 5;
            var consumers = options.Contains("-c") ? int.Parse(options[Array.IndexOf(options, "-c") + 1]) : options.Contains("--consumers") ? 1 : 10;

            var added = lines.Select(l => Added.Match(l)).Where(m => m.Success).ToList();
            var got = lines.Select(l => Got.Match(l)).Where(m => m.Success).ToList();
            Assert.NotEmpty(added);
            Assert.Equal(added.Select(m => m.Groups["item"].Value).OrderBy(i => i), got.Select(m => m.Groups["item"].Value).OrderBy(i => i));
            Assert.All(added, m => Assert.InRange(int.Parse(m.Groups["p"].Value), 0, producers - 1));
            Assert.All(got, m => Assert.InRange(int.Parse(m.Groups["c"].Value), 0, consumers - 1));
            foreach (var item in added.Select(m => m.Groups["item"].Value))
            {
                Assert.True(
                    Array.FindIndex(lines, l => l.Contains($"added <{item}>", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.Contains($"element <{item}>", StringComparison.Ordinal)),
                    $"<{item}> was consumed before it was produced:\n{run}");
            }

            // Each producer makes 0-10 items and sleeps before each; each sleep is 0-10 s.
            Assert.All(lines.Select(l => Sleeping.Match(l)).Where(m => m.Success), m => Assert.InRange(int.Parse(m.Groups["s"].Value), 0, 10));
            Assert.All(Enumerable.Range(0, producers), p => Assert.InRange(added.Count(m => m.Groups["p"].Value == $"{p}"), 0, 10));
            Assert.Equal(added.Count, lines.Count(l => l.StartsWith("Producer ", StringComparison.Ordinal) && l.Contains(" sleeping for ", StringComparison.Ordinal)));

            var completed = Regex.Match(lines.Last(), @"^Program completed in (?<s>\d+\.\d{5}) seconds\.$");
            Assert.True(completed.Success, lines.Last());
            Assert.Equal(run.Elapsed.TotalSeconds, double.Parse(completed.Groups["s"].Value, CultureInfo.InvariantCulture), 5);
            Assert.True(run.Elapsed > TimeSpan.Zero);
        }

        [Fact]
        public void An_item_waits_in_the_queue_until_a_consumer_is_free()
        {
            // Three producers, one consumer: the reported waits are whole seconds of the virtual clock, and with many items
            // at least one of them waits (the consumer sleeps while the producer adds).
            var run = DemoRunner.Run("queue", "-p", "3", "-c", "1");
            var waits = run.DemoLines.Select(l => Got.Match(l)).Where(m => m.Success).Select(m => decimal.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture)).ToList();

            Assert.NotEmpty(waits);
            Assert.All(waits, w => Assert.Equal(decimal.Truncate(w), w));
            Assert.Contains(waits, w => w > 0);
        }

        [Fact]
        public void The_same_seed_gives_the_same_run_and_another_seed_another()
        {
            Assert.Equal(DemoRunner.Run("queue", "-p", "2", "-c", "5").Output, DemoRunner.Run("queue", "-p", "2", "-c", "5", "--seed", "444").Output);
            Assert.NotEqual(DemoRunner.Run("queue", "-p", "2", "-c", "5").Output, DemoRunner.Run("queue", "-p", "2", "-c", "5", "--seed", "3").Output);
        }

        [Fact]
        public void Ctrl_C_stops_producers_and_consumers()
        {
            var run = DemoRunner.Run(new[] { "queue", "-p", "2", "-c", "5" }, color: false, cancelAt: TimeSpan.FromSeconds(3.5));

            Assert.Equal(130, run.ExitCode);
            Assert.Equal("queue cancelled after 3.50 seconds.", run.DemoLines.Last());
            Assert.DoesNotContain(run.DemoLines, l => l.StartsWith("Program completed", StringComparison.Ordinal));
        }
    }
}
