using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Learn.Checking
{
    /// <summary>A way to make a warning disappear without fixing the code, found in the file or in the configuration around it.</summary>
    internal sealed record Loophole(string Where, string What)
    {
        public override string ToString() => $"{Where}: {What}";
    }

    /// <summary>
    /// Finds what hides a diagnostic instead of fixing it: <c>#pragma warning disable</c>, <c>[SuppressMessage]</c>, a
    /// suppressor, a file marked as generated code (analyzers skip those), and in the configuration a build would read
    /// (<c>.editorconfig</c>, <c>.globalconfig</c>, <c>NoWarn</c>, analyzers turned off). The learn tool itself reads none
    /// of that configuration, so the diagnostic stays visible; the loophole is named so the learner knows why.
    /// </summary>
    internal static class Loopholes
    {
        private static readonly Regex SeverityLine = new(@"^\s*(?<key>dotnet_diagnostic\.(?<id>[A-Za-z]+[0-9]+)\.severity|dotnet_analyzer_diagnostic\.(category-[\w.-]+\.)?severity)\s*=\s*(?<value>none|silent|suggestion)\b", RegexOptions.IgnoreCase);
        private static readonly Regex GeneratedLine = new(@"^\s*generated_code\s*=\s*true\b", RegexOptions.IgnoreCase);
        private static readonly Regex NoWarn = new(@"<NoWarn>(?<ids>[^<]*)</NoWarn>", RegexOptions.IgnoreCase);
        private static readonly Regex AnalyzersOff = new(@"<(?<p>RunAnalyzers|RunAnalyzersDuringBuild)>\s*false\s*</", RegexOptions.IgnoreCase);

        /// <summary>Loopholes in the file itself, for the suppressed diagnostics of the analysis.</summary>
        public static ImmutableArray<Loophole> InFile(Analysis analysis, string displayPath)
        {
            var found = new List<Loophole>();
            var root = analysis.Tree.GetRoot();
            var text = analysis.Tree.GetText();
            foreach (var diagnostic in analysis.InFile.Where(d => d.IsSuppressed && Matters(analysis, d.Id)))
            {
                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
                var pragma = root.DescendantTrivia()
                    .Select(t => t.GetStructure())
                    .OfType<PragmaWarningDirectiveTriviaSyntax>()
                    .LastOrDefault(p => p.SpanStart < diagnostic.Location.SourceSpan.Start
                                        && p.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword)
                                        && (p.ErrorCodes.Count == 0 || p.ErrorCodes.Any(c => c.ToString().Trim() == diagnostic.Id)));
                if (pragma is not null)
                {
                    var pragmaLine = text.Lines.GetLineFromPosition(pragma.SpanStart).LineNumber + 1;
                    found.Add(new Loophole($"{displayPath}:{pragmaLine}", $"`{pragma.ToString().Trim()}` hides {diagnostic.Id} (line {line}); the warning is gone, the mistake is not"));
                    continue;
                }

                var attribute = root.DescendantNodes().OfType<AttributeSyntax>().FirstOrDefault(a => a.Name.ToString().Contains("SuppressMessage", StringComparison.Ordinal));
                if (attribute is not null)
                {
                    var attributeLine = text.Lines.GetLineFromPosition(attribute.SpanStart).LineNumber + 1;
                    found.Add(new Loophole($"{displayPath}:{attributeLine}", $"[SuppressMessage] hides {diagnostic.Id} (line {line}); the warning is gone, the mistake is not"));
                    continue;
                }

                found.Add(new Loophole($"{displayPath}:{line}", $"a suppressor hides {diagnostic.Id}; the warning is gone, the mistake is not"));
            }

            if (IsMarkedGenerated(root) is { } generatedLine)
            {
                found.Add(new Loophole($"{displayPath}:{generatedLine}", "the file says it is generated code, and analyzers skip generated code: its mistakes are hidden, not fixed"));
            }

            return found.Distinct().ToImmutableArray();
        }

        /// <summary>Loopholes in the configuration a build of <paramref name="file"/> would read, for the given rule IDs.</summary>
        public static ImmutableArray<Loophole> InConfiguration(string file, IEnumerable<string> ids)
        {
            var relevant = ids.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var found = new List<Loophole>();
            for (var directory = Path.GetDirectoryName(Path.GetFullPath(file)); directory is not null; directory = Path.GetDirectoryName(directory))
            {
                foreach (var config in SafeFiles(directory, ".editorconfig").Concat(SafeFiles(directory, "*.globalconfig")).Concat(SafeFiles(directory, ".globalconfig")).Distinct())
                {
                    var lines = SafeLines(config);
                    for (var i = 0; i < lines.Length; i++)
                    {
                        var severity = SeverityLine.Match(lines[i]);
                        if (severity.Success && (!severity.Groups["id"].Success || relevant.Contains(severity.Groups["id"].Value) || severity.Groups["id"].Value.StartsWith("ASYNC", StringComparison.OrdinalIgnoreCase)))
                        {
                            var what = severity.Groups["id"].Success ? severity.Groups["id"].Value : "every analyzer diagnostic";
                            found.Add(new Loophole($"{config}:{i + 1}", $"sets {what} to '{severity.Groups["value"].Value}', which hides the warning in a build without fixing anything"));
                        }
                        else if (GeneratedLine.IsMatch(lines[i]))
                        {
                            found.Add(new Loophole($"{config}:{i + 1}", "marks the files as generated code, and analyzers skip generated code"));
                        }
                    }
                }

                foreach (var project in SafeFiles(directory, "*.csproj").Concat(SafeFiles(directory, "Directory.Build.props")).Concat(SafeFiles(directory, "Directory.Build.targets")))
                {
                    var content = string.Join("\n", SafeLines(project));
                    foreach (Match noWarn in NoWarn.Matches(content))
                    {
                        var hidden = noWarn.Groups["ids"].Value.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                            .Where(id => relevant.Contains(id.Trim()) || id.Trim().StartsWith("ASYNC", StringComparison.OrdinalIgnoreCase))
                            .ToList();
                        if (hidden.Count > 0)
                        {
                            found.Add(new Loophole($"{project}:{LineOf(content, noWarn.Index)}", $"NoWarn {string.Join(", ", hidden)} hides the warning in a build without fixing anything"));
                        }
                    }

                    foreach (Match off in AnalyzersOff.Matches(content))
                    {
                        found.Add(new Loophole($"{project}:{LineOf(content, off.Index)}", $"{off.Groups["p"].Value} = false turns the analyzers off in a build; the mistakes stay"));
                    }
                }
            }

            return found.ToImmutableArray();
        }

        private static bool Matters(Analysis analysis, string id) => analysis.Exercise.Ids.Contains(id) || Analysis.IsAsyncRulesId(id);

        /// <summary>The line of an <c>&lt;auto-generated&gt;</c> header or a [GeneratedCode] attribute (what makes Roslyn treat a file as generated).</summary>
        private static int? IsMarkedGenerated(SyntaxNode root)
        {
            foreach (var trivia in root.GetLeadingTrivia().Concat(root.DescendantTrivia().Take(200)))
            {
                if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                    && (trivia.ToString().Contains("<auto-generated", StringComparison.OrdinalIgnoreCase) || trivia.ToString().Contains("<autogenerated", StringComparison.OrdinalIgnoreCase)))
                {
                    return trivia.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                }
            }

            var attribute = root.DescendantNodes().OfType<AttributeSyntax>().FirstOrDefault(a => a.Name.ToString().EndsWith("GeneratedCode", StringComparison.Ordinal) || a.Name.ToString().EndsWith("GeneratedCodeAttribute", StringComparison.Ordinal));
            return attribute is null ? null : attribute.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        }

        private static IEnumerable<string> SafeFiles(string directory, string pattern)
        {
            try
            {
                return Directory.GetFiles(directory, pattern);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private static string[] SafeLines(string file)
        {
            try
            {
                var info = new FileInfo(file);
                return info.Length > 1_000_000 ? Array.Empty<string>() : File.ReadAllLines(file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private static int LineOf(string content, int index) => content.Take(index).Count(c => c == '\n') + 1;
    }
}
