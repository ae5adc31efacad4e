using System;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>rand: three coroutines drawing until they beat 9, 8 and 7, pausing idx + 1 s between draws.</summary>
    public class RandDemoTests
    {
        private static readonly Regex TooLow = new(@"^makerandom\((?<idx>\d)\) == (?<i>\d+) too low; retrying\.$");
        private static readonly Regex Finished = new(@"^---> Finished: makerandom\((?<idx>\d)\) == (?<i>\d+)$");

        [Theory]
        [InlineData("444")]
        [InlineData("1")]
        [InlineData("2024")]
        public void Each_coroutine_retries_until_it_beats_its_threshold_and_the_run_lasts_as_long_as_the_slowest(string seed)
        {
            var run = DemoRunner.Run("rand", "--seed", seed);
            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = run.DemoLines;

            var results = new int[3];
            var slowest = 0;
            for (var idx = 0; idx < 3; idx++)
            {
                var threshold = 10 - idx - 1;
                Assert.Single(lines, $"Initiated makerandom({idx}).");
                var low = lines.Select(l => TooLow.Match(l)).Where(m => m.Success && m.Groups["idx"].Value == $"{idx}").ToList();
                Assert.All(low, m => Assert.InRange(int.Parse(m.Groups["i"].Value), 0, threshold));
                var finished = lines.Select(l => Finished.Match(l)).Single(m => m.Success && m.Groups["idx"].Value == $"{idx}");
                results[idx] = int.Parse(finished.Groups["i"].Value);
                Assert.InRange(results[idx], threshold + 1, 10);
                slowest = Math.Max(slowest, low.Count * (idx + 1));
            }

            Assert.Equal(new[] { "", $"r1: {results[0]}, r2: {results[1]}, r3: {results[2]}" }, run.Lines.SkipWhile(l => l.Length > 0).Take(2));
            Assert.Equal(TimeSpan.FromSeconds(slowest), run.Elapsed);
            Assert.Equal($"rand finished in {slowest}.00 seconds.", lines.Last());
        }

        [Theory]
        [InlineData("444")]
        [InlineData("7")]
        public void Each_coroutine_runs_until_its_first_pause_before_the_next_one_starts(string seed)
        {
            // Gathered coroutines start in order; each runs to its first await (or its end), then the next one starts.
            var lines = DemoRunner.Run("rand", "--seed", seed).DemoLines;

            for (var idx = 0; idx < 3; idx++)
            {
                Assert.Equal($"Initiated makerandom({idx}).", lines[2 * idx]);
                Assert.Matches($@"^(makerandom\({idx}\) == \d+ too low; retrying\.|---> Finished: makerandom\({idx}\) == \d+)$", lines[(2 * idx) + 1]);
            }
        }

        [Fact]
        public void The_same_seed_gives_the_same_run_and_another_seed_another()
        {
            var first = DemoRunner.Run("rand");
            var again = DemoRunner.Run("rand", "--seed", "444");
            var other = DemoRunner.Run("rand", "--seed", "445");

            Assert.Equal(first.Output, again.Output);
            Assert.NotEqual(first.Output, other.Output);
        }

        [Fact]
        public void Each_coroutine_has_its_own_colour_when_colour_is_on()
        {
            var run = DemoRunner.Run(new[] { "rand" }, color: true, cancelAt: null);

            for (var idx = 0; idx < 3; idx++)
            {
                var mine = run.Lines.Where(l => l.Contains($"makerandom({idx})", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(mine);
                Assert.All(mine, l => Assert.StartsWith(Ansi.Palette[idx], l));
                Assert.All(mine, l => Assert.EndsWith(Ansi.Reset, l));
            }

            Assert.Equal(3, Ansi.Palette.Distinct().Count());
            Assert.DoesNotContain('\u001b', run.Lines.Last());
        }

        [Fact]
        public void Without_colour_there_is_no_escape_code()
        {
            var run = DemoRunner.Run("rand");
            Assert.DoesNotContain('\u001b', run.Output);
        }

        [Theory]
        [InlineData(false, null, true)]
        [InlineData(false, "", true)]
        [InlineData(false, "1", false)]
        [InlineData(false, "0", false)]
        [InlineData(true, null, false)]
        [InlineData(true, "1", false)]
        public void Colour_is_for_a_terminal_without_NO_COLOR(bool redirected, string? noColor, bool expected)
            => Assert.Equal(expected, Ansi.ShouldColor(redirected, noColor));
    }
}
