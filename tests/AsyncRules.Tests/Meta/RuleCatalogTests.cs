using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AsyncRules.Analyzers;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AsyncRules.Tests.Meta
{
    /// <summary>
    /// The house rules that make a rule "done" (DEVELOPERS.md), checked for every analyzer and fixer the assemblies hold:
    /// a help page, release tracking, a README row, a broken sample, a fixer or a stated reason for none, and fixers that
    /// export themselves the same way and support Fix All.
    /// </summary>
    public class RuleCatalogTests
    {
        private static List<string> Ids => AllRules.Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var id in Ids)
            {
                data.Add(id);
            }

            return data;
        }

        private static DiagnosticDescriptor Descriptor(string id)
            => AllRules.Analyzers().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);

        private static string Repo(params string[] parts) => Path.Combine(new[] { TestReferences.RepositoryRoot }.Concat(parts).ToArray());

        [Fact]
        public void There_are_rules_to_check()
            => Assert.Contains("ASYNC010", Ids);

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Descriptor_is_well_formed(string id)
        {
            var descriptor = Descriptor(id);
            Assert.Matches(new Regex("^ASYNC[0-9]{3}$"), id);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
            // Built from the repository the package declares, so a fork or a publisher gets links that resolve.
            Assert.Equal($"{TestReferences.RepositoryUrl}/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Help_page_exists_with_broken_and_fixed_examples(string id)
        {
            var path = Repo("docs", "rules", id + ".md");
            Assert.True(File.Exists(path), $"{path} is missing: every descriptor's help link points there.");
            // The title and header table are generated (tools/TableGen), inside a region whose marker is the first line.
            var text = Regex.Replace(File.ReadAllText(path), @"\A<!-- generated:rule-header[^\n]*-->\n", "");
            Assert.StartsWith($"# {id}: {Descriptor(id).Title}", text, StringComparison.Ordinal);
            foreach (var heading in new[] { "## What it catches", "## Why it matters", "## Broken", "## Fixed", "## The code fix", "## When it is not reported", "## When to suppress" })
            {
                Assert.Contains(heading, text, StringComparison.Ordinal);
            }

            Assert.True(Regex.Matches(text, "```csharp").Count >= 2, "The page needs a broken and a fixed C# example.");
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_is_tracked_in_the_release_files_with_its_category_and_severity(string id)
        {
            var descriptor = Descriptor(id);
            var lines = File.ReadAllLines(Repo("src", "Analyzers", "AnalyzerReleases.Unshipped.md"))
                .Concat(File.ReadAllLines(Repo("src", "Analyzers", "AnalyzerReleases.Shipped.md")));
            var row = lines.Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).FirstOrDefault(cells => cells[0] == id);
            Assert.NotNull(row);
            Assert.Equal(descriptor.Category, row![1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Readme_lists_the_rule_with_a_link_to_its_page(string id)
            => Assert.Contains($"[{id}](docs/rules/{id}.md)", File.ReadAllText(Repo("README.md")), StringComparison.Ordinal);

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void A_broken_sample_names_the_rule_in_its_header(string id)
        {
            var headers = Directory.GetFiles(Repo("samples", "AsyncDemos.Broken"), "*.cs", SearchOption.AllDirectories)
                .Select(BrokenSample.Load)
                .SelectMany(s => s.HeaderIds);
            Assert.Contains(id, headers);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_has_a_code_fix_or_says_why_not(string id)
        {
            var hasFix = AllRules.CodeFixes().Any(f => f.FixableDiagnosticIds.Contains(id));
            var analyzerType = AllRules.AnalyzerTypes.First(t => t.Name.StartsWith(id, StringComparison.Ordinal));
            var noFix = analyzerType.GetCustomAttribute<NoCodeFixAttribute>();
            Assert.True(hasFix ^ (noFix is not null), $"{id} needs exactly one of: a CodeFixProvider, or [NoCodeFix(reason)] on {analyzerType.Name}.");
        }

        [Fact]
        public void Analyzer_files_and_types_are_named_by_rule_id()
        {
            foreach (var type in AllRules.AnalyzerTypes)
            {
                var ids = ((Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics.Select(d => d.Id);
                Assert.Contains(ids, id => type.Name.StartsWith(id, StringComparison.Ordinal));
                Assert.True(type.IsSealed, $"{type.Name} should be sealed.");
                Assert.True(File.Exists(Repo("src", "Analyzers", "Rules", type.Name + ".cs")), $"{type.Name} should live in src/Analyzers/Rules/{type.Name}.cs");
            }
        }

        [Fact]
        public void Code_fixes_export_themselves_by_name_and_support_fix_all()
        {
            Assert.NotEmpty(AllRules.CodeFixTypes);
            foreach (var type in AllRules.CodeFixTypes)
            {
                var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.NotNull(export);
                Assert.Equal(type.Name, export!.Name);
                Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
                Assert.True(type.IsSealed, $"{type.Name} should be sealed.");
                var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
                Assert.NotNull(fixer.GetFixAllProvider());
                Assert.Contains(fixer.FixableDiagnosticIds, id => type.Name.StartsWith(id, StringComparison.Ordinal));
                Assert.True(File.Exists(Repo("src", "CodeFixes", "Rules", type.Name + ".cs")), $"{type.Name} should live in src/CodeFixes/Rules/{type.Name}.cs");
            }
        }

        public static TheoryData<string> CompilerDiagnosticsWeFix()
        {
            var data = new TheoryData<string>();
            foreach (var id in AllRules.CodeFixes().SelectMany(f => f.FixableDiagnosticIds).Where(id => id.StartsWith("CS", StringComparison.Ordinal)).Distinct())
            {
                data.Add(id);
            }

            return data;
        }

        /// <summary>A compiler diagnostic we fix is taught like a rule: a page, and a broken sample that the tests check.</summary>
        [Theory]
        [MemberData(nameof(CompilerDiagnosticsWeFix))]
        public void Compiler_diagnostic_we_fix_has_a_page_and_a_sample(string id)
        {
            var path = Repo("docs", "rules", id + ".md");
            Assert.True(File.Exists(path), $"{path} is missing.");
            var text = File.ReadAllText(path);
            Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
            foreach (var heading in new[] { "## What it catches", "## Why it matters", "## Broken", "## Fixed", "## The code fix" })
            {
                Assert.Contains(heading, text, StringComparison.Ordinal);
            }

            Assert.Contains(id, BrokenSample.All(compiling: false).Concat(BrokenSample.All(compiling: true)).SelectMany(s => s.HeaderIds));
            Assert.Contains($"[{id}](docs/rules/{id}.md)", File.ReadAllText(Repo("README.md")), StringComparison.Ordinal);
        }

        /// <summary>Pages name the rules they relate to; none may call a shipped rule "not shipped yet" once it has shipped.</summary>
        [Fact]
        public void No_page_calls_a_shipped_rule_unshipped()
        {
            var stale = new List<string>();
            foreach (var page in Directory.GetFiles(Repo("docs", "rules"), "*.md"))
            {
                var text = File.ReadAllText(page).Replace("\n  ", " ");
                foreach (var line in text.Split('\n').Where(l => l.Contains("not shipped", StringComparison.OrdinalIgnoreCase)))
                {
                    stale.AddRange(Ids.Where(id => line.Contains(id, StringComparison.Ordinal)).Select(id => $"{Path.GetFileName(page)}: {id}"));
                }
            }

            Assert.Empty(stale);
        }

        [Fact]
        public void Release_file_lists_no_rule_that_does_not_exist()
        {
            var known = new HashSet<string>(Ids);
            var listed = File.ReadAllLines(Repo("src", "Analyzers", "AnalyzerReleases.Unshipped.md"))
                .Select(l => l.Split('|')[0].Trim())
                .Where(c => Regex.IsMatch(c, "^ASYNC[0-9]{3}$"));
            Assert.All(listed, id => Assert.Contains(id, known));
        }
    }
}
