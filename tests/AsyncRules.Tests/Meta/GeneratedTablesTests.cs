using System.IO;
using System.Linq;
using AsyncRules.TableGen;
using AsyncRules.Tests.Infrastructure;
using Xunit;

namespace AsyncRules.Tests.Meta
{
    /// <summary>
    /// README.md's rule tables and each rule page's header are generated from the descriptors and the code fixes
    /// (tools/TableGen); these tests fail, naming the file and region, when the checked-in text and the code disagree.
    /// </summary>
    public class GeneratedTablesTests
    {
        [Fact]
        public void Readme_tables_and_rule_page_headers_state_what_the_descriptors_and_code_fixes_state()
        {
            var result = Generator.Run(TestReferences.RepositoryRoot, RuleCatalog.Load());
            Assert.True(result.Files.Length > 1, "The generator found no rule page to write.");
            var messages = Generator.Check(result);
            Assert.True(messages.IsEmpty, "Run `dotnet run --project tools/TableGen` and commit the result:\n" + string.Join("\n", messages));
        }

        [Fact]
        public void A_page_whose_header_disagrees_with_its_descriptor_is_named_with_its_region()
        {
            var copy = CopyOfTheDocs();
            try
            {
                var page = Path.Combine(copy, "docs", "rules", "ASYNC030.md");
                File.WriteAllText(page, File.ReadAllText(page).Replace("| Category | Blocking |", "| Category | Await |"));

                var messages = Generator.Check(Generator.Run(copy, RuleCatalog.Load()));

                var message = Assert.Single(messages);
                Assert.StartsWith("docs/rules/ASYNC030.md, region 'rule-header':", message);
                Assert.Contains("| Category | Await |", message);
                Assert.Contains("| Category | Blocking |", message);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }

        [Fact]
        public void A_fix_the_page_denies_is_a_problem_the_generator_does_not_paper_over()
        {
            var copy = CopyOfTheDocs();
            try
            {
                var page = Path.Combine(copy, "docs", "rules", "ASYNC030.md");
                var text = File.ReadAllText(page);
                File.WriteAllText(page, text.Replace("| Code fix | Yes", "| Code fix | None"));

                var result = Generator.Run(copy, RuleCatalog.Load());

                Assert.Contains(result.Problems, p => p.StartsWith("docs/rules/ASYNC030.md: the 'Code fix' row says None, but ", System.StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }

        [Fact]
        public void Generating_touches_only_the_marked_regions()
        {
            var copy = CopyOfTheDocs();
            try
            {
                var readme = Path.Combine(copy, "README.md");
                var text = File.ReadAllText(readme);
                var stale = text.Replace("| [ASYNC022](docs/rules/ASYNC022.md) | Do not drop an async stream | warning |", "| [ASYNC022](docs/rules/ASYNC022.md) | Do not drop an async stream | suggestion |");
                Assert.NotEqual(text, stale);
                File.WriteAllText(readme, stale);

                var file = Generator.Run(copy, RuleCatalog.Load()).Files.Single(f => f.Path == Generator.Readme);

                Assert.Equal(new[] { Generator.RulesTable }, file.ChangedRegions);
                Assert.Equal(text.Replace("\r\n", "\n"), file.Generated);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }

        /// <summary>README.md and docs/rules/*.md in a temporary folder, the part of the repository the generator reads.</summary>
        private static string CopyOfTheDocs()
        {
            var copy = Path.Combine(Path.GetTempPath(), "asyncrules-tablegen-" + Path.GetRandomFileName());
            Directory.CreateDirectory(Path.Combine(copy, "docs", "rules"));
            File.Copy(Path.Combine(TestReferences.RepositoryRoot, "README.md"), Path.Combine(copy, "README.md"));
            foreach (var page in Directory.GetFiles(Path.Combine(TestReferences.RepositoryRoot, "docs", "rules"), "*.md"))
            {
                File.Copy(page, Path.Combine(copy, "docs", "rules", Path.GetFileName(page)));
            }

            return copy;
        }
    }
}
