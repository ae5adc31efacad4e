using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Exercises;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Learn.Ui
{
    /// <summary>One step of the hint ladder, and (for the last one) the change <c>a</c> would apply.</summary>
    internal sealed record Hint(int Step, string Title, IReadOnlyList<string> Lines, string? ApplyText, string? ApplyWhat);

    /// <summary>
    /// Hints one step at a time, never blocking: 1 the idea (the demo's own explanation), 2 the exact spot, 3 the rule's
    /// page, 4 AsyncRules' own fix for that spot as a diff, not applied (or, for a rule that ships without a fix, the
    /// reference solution as a diff); then <c>a</c> applies it and the exercise counts as assisted.
    /// </summary>
    internal static class Hints
    {
        public const int Steps = 4;
        /// <summary>Built, like the analyzers' help links, from the repository the package declares (stamped in by Learn.csproj).</summary>
        private static readonly string HelpLinkFormat = typeof(Hints).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryUrl").Value + "/blob/main/docs/rules/{0}.md";

        public static string HelpLink(string id) => string.Format(CultureInfo.InvariantCulture, HelpLinkFormat, id);

        public static async Task<Hint> StepAsync(int step, Exercise exercise, Analysis analysis, ExerciseChecker checker, string displayPath, Style style, CancellationToken cancellationToken)
        {
            switch (step)
            {
                case 1:
                    return new Hint(1, "the idea", Idea(exercise, checker.Set), null, null);
                case 2:
                    return new Hint(2, "the exact spot", Spot(exercise, analysis, displayPath, style), null, null);
                case 3:
                    return new Hint(3, "the rule's page", Page(exercise, checker.Set), null, null);
                default:
                    return await FixAsync(exercise, analysis, checker, displayPath, style, cancellationToken).ConfigureAwait(false);
            }
        }

        private static List<string> Spot(Exercise exercise, Analysis analysis, string displayPath, Style style)
        {
            var lines = analysis.Text.Replace("\r\n", "\n").Split('\n');
            var remaining = analysis.InFile.Where(d => exercise.Ids.Contains(d.Id)).ToList();
            var output = new List<string>();
            if (remaining.Count > 0)
            {
                foreach (var diagnostic in remaining.Take(3))
                {
                    var span = diagnostic.Location.GetLineSpan();
                    var line = span.StartLinePosition.Line;
                    var text = line < lines.Length ? lines[line] : string.Empty;
                    var start = span.StartLinePosition.Character;
                    var width = Math.Max(1, (span.EndLinePosition.Line == line ? span.EndLinePosition.Character : text.Length) - start);
                    output.Add($"{style.FileLink(displayPath, line + 1, start + 1)}: {diagnostic.Id} {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                    output.Add($"  {text}");
                    output.Add("  " + new string(' ', Math.Min(start, text.Length)) + style.Yellow(new string('^', Math.Min(width, Math.Max(1, text.Length - start)))));
                }
            }
            else
            {
                output.Add("The warning is gone from your file. The original mistake was here:");
                var original = exercise.OriginalText.Replace("\r\n", "\n").Split('\n');
                foreach (var (line, id) in exercise.Markers.Take(3))
                {
                    output.Add($"  line {line + 1} ({id}): {original[line].Trim()}");
                }
            }

            return output;
        }

        /// <summary>Why the rule exists, in the walkthrough's terms (the rule page's "Why it matters"), else the demo's own words.</summary>
        private static List<string> Idea(Exercise exercise, ExerciseSet set)
        {
            foreach (var id in exercise.Ids)
            {
                if (set.Docs.TryGetValue(id, out var page) && Section(page, "Why it matters") is { Length: > 0 } why)
                {
                    return Wrap(why, 96);
                }
            }

            return Wrap(exercise.Explanation.Length > 0 ? exercise.Explanation : exercise.Mistake, 96);
        }

        /// <summary>The rule's page: its link, its title, and what to use instead (the page's "Code fix" row).</summary>
        private static List<string> Page(Exercise exercise, ExerciseSet set)
        {
            var output = new List<string>();
            foreach (var id in exercise.Ids)
            {
                output.Add(HelpLink(id));
                if (!set.Docs.TryGetValue(id, out var page))
                {
                    continue;
                }

                var title = page.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
                if (title is not null)
                {
                    output.Add("  " + title);
                }

                var fix = Regex.Match(page, @"^\|\s*Code fix\s*\|\s*(?<fix>.+?)\s*\|\s*$", RegexOptions.Multiline);
                if (fix.Success)
                {
                    output.AddRange(Wrap("Fix: " + fix.Groups["fix"].Value, 94).Select(l => "  " + l));
                }
            }

            return output;
        }

        private static async Task<Hint> FixAsync(Exercise exercise, Analysis analysis, ExerciseChecker checker, string displayPath, Style style, CancellationToken cancellationToken)
        {
            var candidates = analysis.InFile.Where(d => !d.IsSuppressed && exercise.Ids.Contains(d.Id)).Concat(analysis.Fixable()).Distinct();
            var preview = await checker.Workspace.PreviewFixAsync(analysis, candidates, cancellationToken).ConfigureAwait(false);
            if (preview is not null)
            {
                var span = preview.Diagnostic.Location.GetLineSpan();
                var lines = new List<string> { $"AsyncRules' fix for {preview.Diagnostic.Id} at line {span.StartLinePosition.Line + 1}: {preview.Title}" };
                lines.AddRange(Colour(UnifiedDiff.Lines(analysis.Text, preview.NewText, displayPath, displayPath + " (fixed)"), style));
                if (!preview.OtherFilesChanged.IsEmpty)
                {
                    lines.Add($"(The fix would also change {string.Join(", ", preview.OtherFilesChanged)}, which the learn tool keeps as it is.)");
                }

                return new Hint(4, "AsyncRules' own fix", lines, preview.NewText, $"AsyncRules' fix for {preview.Diagnostic.Id} ({preview.Title})");
            }

            var references = await checker.ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false);
            var reference = references.FirstOrDefault();
            if (reference is null)
            {
                return new Hint(4, "AsyncRules' own fix", new[] { "AsyncRules offers no fix here, and there is no reference solution." }, null, null);
            }

            var why = exercise.Ids.Any(id => !LearnWorkspace.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id)))
                ? $"{string.Join(", ", exercise.Ids.Where(id => !LearnWorkspace.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id))))} ships without a fix (only you know what the code meant), so here is the reference solution instead:"
                : "AsyncRules offers no fix for the file as it is now; here is the reference solution instead:";
            var output = new List<string> { why };
            output.AddRange(Colour(UnifiedDiff.Lines(analysis.Text, reference.Text, displayPath, "reference"), style));
            return new Hint(4, "the reference solution", output, reference.Text, "the reference solution");
        }

        public static IEnumerable<string> Colour(IEnumerable<string> diff, Style style)
            => diff.Select(l => l.StartsWith("+++", StringComparison.Ordinal) || l.StartsWith("---", StringComparison.Ordinal) ? style.Bold(l)
                : l.StartsWith('+') ? style.Green(l)
                : l.StartsWith('-') ? style.Red(l)
                : l.StartsWith("@@", StringComparison.Ordinal) ? style.Cyan(l)
                : l);

        private static string Section(string page, string heading)
        {
            var match = Regex.Match(page, $@"^##\s+{Regex.Escape(heading)}\s*\n(?<body>.*?)(?=^##\s|\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            if (!match.Success)
            {
                return string.Empty;
            }

            // The first paragraph: up to the first blank line or code block.
            var paragraph = match.Groups["body"].Value.Trim().Split(new[] { "\n\n", "\n```" }, StringSplitOptions.None)[0];
            return Regex.Replace(paragraph, @"\s+", " ").Trim();
        }

        public static List<string> Wrap(string text, int width)
        {
            var lines = new List<string>();
            var line = new System.Text.StringBuilder();
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
            }

            return lines;
        }
    }
}
