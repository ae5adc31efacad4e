using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>chain: part 1 then part 2 in each chain, the chains concurrently.</summary>
    public class ChainDemoTests
    {
        [Fact]
        public void With_no_arguments_it_runs_chains_1_2_3()
        {
            var run = DemoRunner.Run("chain");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(new[] { 1, 2, 3 }, Chains(run).Keys.OrderBy(n => n));
        }

        [Theory]
        [InlineData("444", "1", "2", "3")]
        [InlineData("444", "9", "6", "3")]
        [InlineData("5", "4")]
        [InlineData("31", "1", "2", "3", "4", "5")]
        public void Each_chain_runs_its_parts_in_order_and_the_run_takes_as_long_as_the_longest_chain(string seed, params string[] chains)
        {
            var run = DemoRunner.Run(new[] { "chain", "--seed", seed }.Concat(chains).ToArray(), color: false, cancelAt: null);
            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = run.DemoLines;

            var took = Chains(run);
            Assert.Equal(chains.Select(int.Parse).OrderBy(n => n), took.Keys.OrderBy(n => n));
            foreach (var n in took.Keys)
            {
                var part1 = Index(lines, $@"^part1\({n}\) sleeping for (\d+) seconds\.$", out var delay1);
                var returned1 = Index(lines, $@"^Returning part1\({n}\) == result{n}-1\.$", out _);
                var part2 = Index(lines, $@"^part2\({n}, 'result{n}-1'\) sleeping for (\d+) seconds\.$", out var delay2);
                var returned2 = Index(lines, $@"^Returning part2\({n}, 'result{n}-1'\) == result{n}-2 derived from result{n}-1\.$", out _);
                var chained = Index(lines, $@"^-->Chained result{n} => result{n}-2 derived from result{n}-1 \(took [0-9.]+ seconds\)\.$", out _);

                Assert.True(part1 < returned1 && returned1 < part2 && part2 < returned2 && returned2 < chained, $"chain {n} is out of order:\n{run}");
                Assert.InRange(delay1, 0, 10);
                Assert.InRange(delay2, 0, 10);
                Assert.Equal(delay1 + delay2, took[n]);
            }

            // Every part 1 starts before any pause ends: the chains run concurrently.
            Assert.Equal(chains.Select(n => $"part1({n}) sleeping for"), lines.Take(chains.Length).Select(l => l[..(l.IndexOf(" for", StringComparison.Ordinal) + 4)]));
            Assert.Equal(TimeSpan.FromSeconds(took.Values.Max()), run.Elapsed);
            Assert.Equal($"Program finished in {took.Values.Max()}.00 seconds.", lines.Last());
        }

        [Fact]
        public void The_same_seed_gives_the_same_run_and_another_seed_another()
        {
            Assert.Equal(DemoRunner.Run("chain", "9", "6", "3").Output, DemoRunner.Run("chain", "9", "6", "3", "--seed", "444").Output);
            Assert.NotEqual(DemoRunner.Run("chain").Output, DemoRunner.Run("chain", "--seed", "1").Output);
        }

        [Fact]
        public void Ctrl_C_cancels_every_chain()
        {
            var run = DemoRunner.Run(new[] { "chain", "--seed", "444" }, color: false, cancelAt: TimeSpan.FromSeconds(0.25));

            Assert.Equal(130, run.ExitCode);
            Assert.DoesNotContain(run.DemoLines, l => l.StartsWith("-->Chained", StringComparison.Ordinal));
            Assert.Equal("chain cancelled after 0.25 seconds.", run.DemoLines.Last());
        }

        /// <summary>Each chain's number and the whole seconds it says it took.</summary>
        private static Dictionary<int, int> Chains(DemoRun run)
            => run.DemoLines
                .Select(l => Regex.Match(l, @"^-->Chained result(?<n>\d+) => .* \(took (?<s>[0-9.]+) seconds\)\.$"))
                .Where(m => m.Success)
                .ToDictionary(m => int.Parse(m.Groups["n"].Value), m => (int)decimal.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture));

        private static int Index(string[] lines, string pattern, out int number)
        {
            var matches = lines.Select((l, i) => (Match: Regex.Match(l, pattern), Index: i)).Where(x => x.Match.Success).ToList();
            Assert.True(matches.Count == 1, $"expected one line matching {pattern}, found {matches.Count}:\n{string.Join("\n", lines)}");
            var (match, index) = matches[0];
            number = match.Groups.Count > 1 && match.Groups[1].Success ? int.Parse(match.Groups[1].Value) : -1;
            return index;
        }
    }
}
