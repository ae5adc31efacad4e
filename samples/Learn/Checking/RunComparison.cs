using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncRules.Learn.Running;

namespace AsyncRules.Learn.Checking
{
    /// <summary>
    /// Does a run do the demo's job? It must end the way the reference run ends, print what the reference prints, and take
    /// the time the reference takes (which is how the fix shows: 1 s instead of 3). On the virtual clock the comparison is
    /// exact, moment by moment (lines printed at the same moment may come in any order); on the real clock a line's
    /// numbers are ignored, and the time may be off by a quarter or 0.3 s.
    /// </summary>
    internal static class RunComparison
    {
        private static readonly Regex Number = new(@"\d+(\.\d+)?");

        /// <summary>Null when <paramref name="actual"/> does the job; otherwise what is wrong, in words.</summary>
        public static string? Compare(RunResult actual, RunResult expected, RunResult? broken)
        {
            if (actual.Failure != expected.Failure)
            {
                return (actual.Failure, expected.Failure) switch
                {
                    (null, { } e) => $"the run should end with {e}, as the fixed program does; yours ends normally",
                    ({ } a, null) => $"the run ended with {a}; fixed, the program runs to its end",
                    var (a, e) => $"the run ended with {a}; fixed, it ends with {e}",
                };
            }

            if (!SameTime(actual, expected))
            {
                var was = broken is { Completed: true } && SameTime(actual, broken) ? ", as the broken program does" : string.Empty;
                return $"it takes {Seconds(actual.Elapsed)}{was}; fixed, it takes {Seconds(expected.Elapsed)}";
            }

            return actual.Mode.IsVirtual ? CompareMoments(actual, expected) : CompareLines(actual, expected);
        }

        public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

        private static bool SameTime(RunResult a, RunResult b)
        {
            var difference = Math.Abs((a.Elapsed - b.Elapsed).TotalSeconds);
            return a.Mode.IsVirtual && b.Mode.IsVirtual
                ? difference <= 0.001 + (0.01 * b.Elapsed.TotalSeconds)
                : difference <= Math.Max(0.3, 0.25 * b.Elapsed.TotalSeconds);
        }

        private static string? CompareMoments(RunResult actual, RunResult expected)
        {
            var mine = Moments(actual);
            var theirs = Moments(expected);
            for (var i = 0; i < Math.Max(mine.Count, theirs.Count); i++)
            {
                if (i >= mine.Count)
                {
                    return $"it prints less: at {Seconds(theirs[i].At)} the fixed program prints \"{theirs[i].Text}\", yours has ended";
                }

                if (i >= theirs.Count)
                {
                    return $"it prints more: \"{mine[i].Text}\" at {Seconds(mine[i].At)}, where the fixed program has ended";
                }

                if (mine[i] != theirs[i])
                {
                    return mine[i].At == theirs[i].At || mine[i].Text != theirs[i].Text
                        ? $"at {Seconds(theirs[i].At)} the fixed program prints \"{theirs[i].Text}\"; yours prints \"{mine[i].Text}\"{(mine[i].At != theirs[i].At ? " at " + Seconds(mine[i].At) : string.Empty)}"
                        : $"\"{theirs[i].Text}\" comes at {Seconds(theirs[i].At)} in the fixed program; yours prints it at {Seconds(mine[i].At)}";
                }
            }

            return null;
        }

        private static string? CompareLines(RunResult actual, RunResult expected)
        {
            var mine = actual.Output.Select(l => Number.Replace(l.Text, "#")).OrderBy(t => t, StringComparer.Ordinal).ToList();
            var theirs = expected.Output.Select(l => Number.Replace(l.Text, "#")).OrderBy(t => t, StringComparer.Ordinal).ToList();
            var missing = Subtract(theirs, mine);
            var extra = Subtract(mine, theirs);
            if (missing.Count > 0)
            {
                return $"it does not print \"{missing[0]}\" (numbers aside) as the fixed program does{(missing.Count > 1 ? $", nor {missing.Count - 1} more line(s)" : string.Empty)}";
            }

            return extra.Count > 0 ? $"it prints \"{extra[0]}\" (numbers aside), which the fixed program does not" : null;
        }

        private static List<string> Subtract(List<string> from, List<string> remove)
        {
            var left = new List<string>(from);
            foreach (var line in remove)
            {
                left.Remove(line);
            }

            return left;
        }

        /// <summary>The output as (moment, line), in order of time, lines of one moment sorted: their order there is chance.</summary>
        private static List<(TimeSpan At, string Text)> Moments(RunResult run)
            => run.Output
                .Select(l => (At: TimeSpan.FromMilliseconds(Math.Round(l.At.TotalMilliseconds)), l.Text))
                .OrderBy(m => m.At)
                .ThenBy(m => m.Text, StringComparer.Ordinal)
                .ToList();
    }
}
