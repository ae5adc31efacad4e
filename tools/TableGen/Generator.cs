using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace AsyncRules.TableGen
{
    /// <summary>One file the generator owns regions of: its text now, and its text with every region regenerated.</summary>
    public sealed record GeneratedFile(string Path, string Current, string Generated, ImmutableArray<string> ChangedRegions)
    {
        public bool Changed => !string.Equals(Current, Generated, StringComparison.Ordinal);
    }

    /// <summary>What a run found: the files with their regenerated text, and the problems writing cannot solve.</summary>
    public sealed record GenerationResult(ImmutableArray<GeneratedFile> Files, ImmutableArray<string> Problems);

    /// <summary>
    /// Writes the facts the code states, and only those, into the Markdown: README.md's region <c>rules-table</c> (one row
    /// per descriptor: ID and page, title, default severity, code fix) and <c>compiler-table</c> (one row per compiler ID a
    /// provider fixes, from that ID's page), and each rule page's region <c>rule-header</c> (title, ID, category, default
    /// severity, code fix). What a fix does is prose, written once: in the page's "Code fix" row after its first word,
    /// which the generator writes ("Yes" or "None", from the providers) and checks against that prose.
    /// </summary>
    public static class Generator
    {
        public const string Readme = "README.md";
        public const string RulesTable = "rules-table";
        public const string CompilerTable = "compiler-table";
        public const string RuleHeader = "rule-header";

        private static readonly Regex Verdict = new(@"^(?<verdict>Yes|None)(?<generated>, without Fix All)?\b(?<tail>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex RelativeLink = new(@"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)(?<path>[^)\s]+)\)", RegexOptions.CultureInvariant);

        public static string PagePath(string id) => "docs/rules/" + id + ".md";

        public static GenerationResult Run(string root, RuleCatalog catalog)
        {
            var problems = new List<string>();
            var files = new List<GeneratedFile>();
            var fixProse = new Dictionary<string, string>(StringComparer.Ordinal);

            foreach (var rule in catalog.Rules)
            {
                if (!rule.HelpLink.EndsWith("/" + PagePath(rule.Id), StringComparison.Ordinal))
                {
                    problems.Add($"{rule.Id}: its help link '{rule.HelpLink}' does not end with /{PagePath(rule.Id)}, the page the tables link to.");
                }

                var page = Read(root, PagePath(rule.Id), problems);
                if (page is null || Regions.Single(page, RuleHeader, PagePath(rule.Id), problems) is not { } header)
                {
                    continue;
                }

                var fix = catalog.FixFor(rule.Id);
                var prose = FixProse(Cell(header.Body, "Code fix"), fix, PagePath(rule.Id), problems);
                fixProse[rule.Id] = prose;
                files.Add(Regenerate(PagePath(rule.Id), page, new Dictionary<string, string> { [RuleHeader] = PageHeader(rule, fix, prose) }));
            }

            var compilerRows = new List<string>();
            foreach (var id in catalog.CompilerIds)
            {
                var page = Read(root, PagePath(id), problems);
                if (page is null)
                {
                    continue;
                }

                var title = Regex.Match(page, @"\A# (?<id>[^:\n]+): (?<title>[^\n]+)\n", RegexOptions.CultureInvariant);
                var reportedBy = Cell(page, "Reported by");
                var fix = Cell(page, "Code fix");
                if (!title.Success || title.Groups["id"].Value != id || reportedBy is null || fix is null)
                {
                    problems.Add($"{PagePath(id)}: a compiler ID's page starts with '# {id}: <what the compiler says>' and has the rows 'Reported by' and 'Code fix'.");
                    continue;
                }

                var warning = reportedBy.Contains("warning", StringComparison.Ordinal) ? " (warning)" : "";
                compilerRows.Add($"| [{id}]({PagePath(id)}) | {title.Groups["title"].Value.Trim()}{warning} | {Rebase(fix)} |");
            }

            foreach (var stray in Directory.GetFiles(Path.Combine(root, "docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal))
            {
                if (!catalog.Rules.Any(r => r.Id == stray) && catalog.FixFor(stray!) is null)
                {
                    problems.Add($"{PagePath(stray!)}: no descriptor declares {stray} and no code-fix provider fixes it; delete the page or add the rule.");
                }
            }

            var readme = Read(root, Readme, problems);
            if (readme is not null)
            {
                Regions.Single(readme, RulesTable, Readme, problems);
                Regions.Single(readme, CompilerTable, Readme, problems);
                var rules = new StringBuilder("| ID | Title | Default | Code fix |\n|---|---|---|---|\n");
                foreach (var rule in catalog.Rules.Where(r => fixProse.ContainsKey(r.Id)))
                {
                    var fix = catalog.FixFor(rule.Id);
                    rules.Append($"| [{rule.Id}]({PagePath(rule.Id)}) | {Escape(rule.Title)} | {ReadmeSeverity(rule)} | {FixVerdict(fix).ToLowerInvariant()}{Rebase(fixProse[rule.Id])} |\n");
                }

                var compiler = new StringBuilder("| ID | The compiler says | Code fix |\n|---|---|---|\n");
                foreach (var row in compilerRows)
                {
                    compiler.Append(row).Append('\n');
                }

                files.Add(Regenerate(Readme, readme, new Dictionary<string, string>
                {
                    [RulesTable] = rules.Append('\n').ToString(),
                    [CompilerTable] = compiler.Append('\n').ToString(),
                }));
            }

            return new GenerationResult(files.ToImmutableArray(), problems.ToImmutableArray());
        }

        /// <summary>For CI: one message per problem and per region whose checked-in text differs from what the code states.</summary>
        public static ImmutableArray<string> Check(GenerationResult result)
        {
            var messages = new List<string>(result.Problems);
            foreach (var file in result.Files.Where(f => f.Changed))
            {
                var current = Regions.Find(file.Current).ToDictionary(r => r.Name);
                var generated = Regions.Find(file.Generated).ToDictionary(r => r.Name);
                foreach (var name in file.ChangedRegions)
                {
                    messages.Add($"{file.Path}, region '{name}': the checked-in text differs from the descriptors and code fixes ({FirstDifference(current[name].Body, generated[name].Body)}).");
                }
            }

            return messages.ToImmutableArray();
        }

        private static GeneratedFile Regenerate(string path, string text, Dictionary<string, string> bodies)
        {
            var before = Regions.Find(text).ToDictionary(r => r.Name, r => r.Body);
            var changed = bodies.Where(b => before.TryGetValue(b.Key, out var old) && old != b.Value).Select(b => b.Key).OrderBy(n => n, StringComparer.Ordinal);
            return new GeneratedFile(path, text, Regions.Replace(text, bodies), changed.ToImmutableArray());
        }

        private static string PageHeader(RuleFacts rule, FixFacts? fix, string prose)
            => $"# {rule.Id}: {rule.Title}\n\n| | |\n|---|---|\n| ID | {rule.Id} |\n| Category | {Escape(rule.Category)} |\n"
               + $"| Default severity | {PageSeverity(rule)} |\n| Code fix | {FixVerdict(fix)}{prose} |\n\n";

        /// <summary>The authored part of a "Code fix" cell: what follows its first word, which must agree with the providers.</summary>
        private static string FixProse(string? cell, FixFacts? fix, string file, List<string> problems)
        {
            var match = Verdict.Match(cell ?? "");
            if (!match.Success)
            {
                problems.Add($"{file}: the header's 'Code fix' row must start with 'Yes' or 'None' (written by tools/TableGen from the code-fix providers), then say what the fix does; found '{cell}'.");
                return cell is null ? "" : ": " + cell;
            }

            var saysFix = match.Groups["verdict"].Value == "Yes";
            if (saysFix != fix is not null)
            {
                problems.Add(fix is null
                    ? $"{file}: the 'Code fix' row says Yes, but no code-fix provider lists {Path.GetFileNameWithoutExtension(file)}; say 'None' and why."
                    : $"{file}: the 'Code fix' row says None, but {string.Join(" and ", fix.Providers)} fix {fix.Id}; say 'Yes' and what the fix does.");
            }

            return match.Groups["tail"].Value;
        }

        private static string FixVerdict(FixFacts? fix) => fix is null ? "None" : fix.FixAll ? "Yes" : "Yes, without Fix All";

        private static string PageSeverity(RuleFacts rule)
        {
            var severity = rule.DefaultSeverity switch
            {
                DiagnosticSeverity.Info => "Info (a suggestion: shown in the editor, not printed by `dotnet build`)",
                DiagnosticSeverity.Hidden => "Hidden (silent: no squiggle, the fix is still offered)",
                var other => other.ToString(),
            };
            return rule.EnabledByDefault ? severity : severity + ", off by default (turn it on in `.editorconfig`)";
        }

        private static string ReadmeSeverity(RuleFacts rule)
        {
            var severity = rule.DefaultSeverity switch
            {
                DiagnosticSeverity.Info => "suggestion",
                DiagnosticSeverity.Hidden => "silent",
                var other => other.ToString().ToLowerInvariant(),
            };
            return rule.EnabledByDefault ? severity : $"off ({severity} when on)";
        }

        private static string? Cell(string text, string row)
        {
            var match = Regex.Match(text, @"^\|[ \t]*" + Regex.Escape(row) + @"[ \t]*\|[ \t]*(?<value>.*?)[ \t]*\|[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
            return match.Success ? match.Groups["value"].Value : null;
        }

        /// <summary>A page's links are relative to docs/rules/; in README.md they need that folder in front.</summary>
        private static string Rebase(string markdown) => RelativeLink.Replace(markdown, m => "](docs/rules/" + m.Groups["path"].Value + ")");

        private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

        private static string? Read(string root, string relative, List<string> problems)
        {
            var path = Path.Combine(root, relative);
            if (File.Exists(path))
            {
                return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            problems.Add($"{relative} is missing.");
            return null;
        }

        private static string FirstDifference(string current, string generated)
        {
            var a = current.Split('\n');
            var b = generated.Split('\n');
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var found = i < a.Length ? a[i] : "(end of region)";
                var expected = i < b.Length ? b[i] : "(end of region)";
                if (found != expected)
                {
                    return $"line {i + 1} of the region is\n    {found}\n  and the code says\n    {expected}\n ";
                }
            }

            return "they differ in line endings";
        }
    }
}
