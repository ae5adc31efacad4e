using System;
using System.Linq;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>--timeline: one row per coroutine, time across, # where it holds the thread, . where it awaits.</summary>
    public class TimelineTests
    {
        [Fact]
        public void Countasync_rows_overlap_they_await_together()
        {
            var rows = Rows(DemoRunner.Run("countasync", "--timeline"), out var width);

            Assert.Equal(new[] { "count 1", "count 2", "count 3" }, rows.Select(r => r.Name));
            foreach (var (_, bar) in rows)
            {
                // Runs for an instant at 0 s ("One"), awaits the whole second, runs for an instant at 1 s ("Two").
                Assert.Equal("#" + new string('.', width - 2) + "#", bar);
            }
        }

        [Fact]
        public void Countsync_rows_form_a_staircase_one_blocks_after_another()
        {
            var rows = Rows(DemoRunner.Run("countsync", "--timeline"), out var width);

            Assert.Equal(new[] { "count 1", "count 2", "count 3" }, rows.Select(r => r.Name));
            var cut1 = (int)Math.Round(width / 3.0);
            var cut2 = (int)Math.Round(2 * width / 3.0);
            Assert.Equal(new string('#', cut1).PadRight(width), rows[0].Bar);
            Assert.Equal(new string(' ', cut1) + new string('#', cut2 - cut1) + new string(' ', width - cut2), rows[1].Bar);
            Assert.Equal(new string(' ', cut2) + new string('#', width - cut2), rows[2].Bar);
        }

        [Fact]
        public void The_chart_fits_80_columns_and_explains_itself()
        {
            var run = DemoRunner.Run("queue", "-p", "5", "-c", "10", "--timeline");
            var chart = run.Lines.SkipWhile(l => !l.StartsWith("Timeline:", StringComparison.Ordinal)).ToArray();

            Assert.NotEmpty(chart);
            Assert.All(chart, l => Assert.True(l.Length <= 80, $"{l.Length} characters: '{l}'"));
            Assert.Equal(15, chart.Count(l => l.EndsWith('|')));
            Assert.Contains(chart, l => l.StartsWith("# ", StringComparison.Ordinal));
            Assert.Contains(chart, l => l.StartsWith(". ", StringComparison.Ordinal));
            Assert.Matches(@"^\s+0 s\s+\d+\.\d\d s$", chart.Single(l => l.TrimStart().StartsWith("0 s", StringComparison.Ordinal)));
            Assert.EndsWith($"{run.Elapsed.TotalSeconds:0.00} s", chart.Single(l => l.TrimStart().StartsWith("0 s", StringComparison.Ordinal)));
        }

        [Fact]
        public void The_timeline_comes_after_the_elapsed_time_and_only_when_asked()
        {
            var with = DemoRunner.Run("chain", "--timeline").Lines;
            var without = DemoRunner.Run("chain").Lines;

            Assert.DoesNotContain(without, l => l.StartsWith("Timeline:", StringComparison.Ordinal));
            Assert.Equal(without, with.Take(without.Length));
            Assert.Equal("", with[without.Length]);
            Assert.StartsWith("Timeline:", with[without.Length + 1]);
        }

        [Fact]
        public void A_cancelled_run_still_draws_what_happened()
        {
            // Cancelled at 1.5 s: count 1 blocked for the first second, count 2 for the half second after.
            var rows = Rows(DemoRunner.Run(new[] { "countsync", "--timeline" }, color: false, cancelAt: TimeSpan.FromSeconds(1.5)), out var width);

            Assert.Equal(new[] { "count 1", "count 2" }, rows.Select(r => r.Name));
            var cut = (int)Math.Round(2 * width / 3.0);
            Assert.Equal(new string('#', cut).PadRight(width), rows[0].Bar);
            Assert.Equal(new string(' ', cut) + new string('#', width - cut), rows[1].Bar);
        }

        [Theory]
        [InlineData(0.0, 0.0, 0)]
        [InlineData(1.0, 1.0, 59)]
        [InlineData(0.5, 0.5, 30)]
        [InlineData(0.2, 0.2001, 12)]
        public void A_moment_marks_the_column_it_falls_in(double start, double end, int column)
        {
            var bar = Timeline.Bar(new[] { new Span(LaneState.Running, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)) }, TimeSpan.FromSeconds(1), 60);

            Assert.Equal(column, bar.IndexOf('#'));
            Assert.Equal(1, bar.Count(c => c == '#'));
        }

        [Fact]
        public void Running_wins_over_awaiting_in_a_shared_column()
        {
            var bar = Timeline.Bar(
                new[]
                {
                    new Span(LaneState.Awaiting, TimeSpan.Zero, TimeSpan.FromSeconds(2)),
                    new Span(LaneState.Blocked, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)),
                },
                TimeSpan.FromSeconds(2),
                8);

            Assert.Equal("....##..", bar);
        }

        private static (string Name, string Bar)[] Rows(DemoRun run, out int width)
        {
            var rows = run.Lines
                .SkipWhile(l => !l.StartsWith("Timeline:", StringComparison.Ordinal))
                .Where(l => l.EndsWith('|') && l.Contains(" |", StringComparison.Ordinal))
                .Select(l => (Name: l[..l.IndexOf(" |", StringComparison.Ordinal)].TrimEnd(), Bar: l[(l.IndexOf(" |", StringComparison.Ordinal) + 2)..^1]))
                .ToArray();
            Assert.NotEmpty(rows);
            width = rows[0].Bar.Length;
            var w = width;
            Assert.All(rows, r => Assert.Equal(w, r.Bar.Length));
            return rows;
        }
    }
}
