using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AsyncRules.Learn.Ui
{
    /// <summary>A line diff in the unified format (<c>@@ -a,b +c,d @@</c>, <c>-</c> and <c>+</c> lines, some context).</summary>
    internal static class UnifiedDiff
    {
        private static readonly Regex Marker = new(@"\s*//\s*(ASYNC[0-9]{3}|CS[0-9]{4})(\s*,\s*(ASYNC[0-9]{3}|CS[0-9]{4}))*\s*$");

        /// <summary>
        /// The diff from <paramref name="before"/> to <paramref name="after"/>, or an empty list when they are the same.
        /// With <paramref name="ignoreMarkers"/>, a line that differs only by its trailing rule marker (<c>// ASYNC030</c>) is
        /// the same line.
        /// </summary>
        public static List<string> Lines(string before, string after, string beforeName, string afterName, int context = 2, bool ignoreMarkers = false)
        {
            var a = Split(before);
            var b = Split(after);
            Func<string, string> key = ignoreMarkers ? l => Marker.Replace(l, string.Empty).TrimEnd() : l => l;
            var ops = Edit(a.Select(key).ToArray(), b.Select(key).ToArray());
            if (ops.All(o => o.Kind == ' '))
            {
                return new List<string>();
            }

            var output = new List<string> { $"--- {beforeName}", $"+++ {afterName}" };
            var changes = Enumerable.Range(0, ops.Count).Where(k => ops[k].Kind != ' ').ToList();
            var first = 0;
            while (first < changes.Count)
            {
                // A hunk: changes no more than twice the context apart, with the context around them.
                var last = first;
                while (last + 1 < changes.Count && changes[last + 1] - changes[last] <= (context * 2) + 1)
                {
                    last++;
                }

                var start = Math.Max(0, changes[first] - context);
                var end = Math.Min(ops.Count, changes[last] + context + 1);
                var hunk = ops.Skip(start).Take(end - start).ToList();
                var oldStart = hunk.FirstOrDefault(o => o.A >= 0)?.A ?? 0;
                var newStart = hunk.FirstOrDefault(o => o.B >= 0)?.B ?? 0;
                output.Add($"@@ -{oldStart + 1},{hunk.Count(o => o.Kind != '+')} +{newStart + 1},{hunk.Count(o => o.Kind != '-')} @@");
                output.AddRange(hunk.Select(o => o.Kind + (o.Kind == '+' ? b[o.B] : a[o.A])));
                first = last + 1;
            }

            return output;
        }

        private static string[] Split(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

        private sealed record Op(char Kind, int A, int B);

        /// <summary>Longest common subsequence, by dynamic programming: the files are small (a demo is under 200 lines).</summary>
        private static List<Op> Edit(string[] a, string[] b)
        {
            var lengths = new int[a.Length + 1, b.Length + 1];
            for (var i = a.Length - 1; i >= 0; i--)
            {
                for (var j = b.Length - 1; j >= 0; j--)
                {
                    lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
                }
            }

            var ops = new List<Op>();
            int x = 0, y = 0;
            while (x < a.Length && y < b.Length)
            {
                if (a[x] == b[y])
                {
                    ops.Add(new Op(' ', x++, y++));
                }
                else if (lengths[x + 1, y] >= lengths[x, y + 1])
                {
                    ops.Add(new Op('-', x++, -1));
                }
                else
                {
                    ops.Add(new Op('+', -1, y++));
                }
            }

            while (x < a.Length)
            {
                ops.Add(new Op('-', x++, -1));
            }

            while (y < b.Length)
            {
                ops.Add(new Op('+', -1, y++));
            }

            return ops;
        }
    }
}
