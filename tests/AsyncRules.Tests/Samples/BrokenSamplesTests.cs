using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncRules.Tests.Samples
{
    /// <summary>
    /// samples/AsyncDemos.Broken is what a learner builds first. Each file must trip exactly the rules its header and line
    /// markers name, and applying every fix offered must leave code with no AsyncRules diagnostic and no compiler error.
    /// </summary>
    public class BrokenSamplesTests
    {
        private static AnalyzerHost HostForCompilingSamples()
            => new(BrokenSample.All(compiling: true).Select(s => (s.FileName, s.Text)), OutputKind.ConsoleApplication, mainTypeName: "AsyncDemos.Broken.Program");

        [Fact]
        public void Every_sample_file_names_what_it_trips()
        {
            var samples = BrokenSample.All(compiling: true).Where(s => s.FileName != "Program.cs").ToList();
            Assert.NotEmpty(samples);
            Assert.All(samples, s => Assert.False(s.HeaderIds.IsEmpty, $"{s.FileName} has no '// Trips: ...' header."));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Every_sample_file_name_starts_with_the_first_rule_its_header_names(bool compiling)
        {
            var samples = BrokenSample.All(compiling).Where(s => s.FileName != "Program.cs").ToList();
            Assert.NotEmpty(samples);
            Assert.All(samples, s => Assert.True(
                !s.HeaderIds.IsEmpty && s.FileName.StartsWith(s.HeaderIds[0] + "_", StringComparison.Ordinal),
                $"{s.FileName} trips [{string.Join(", ", s.HeaderIds)}]: name it {(s.HeaderIds.IsEmpty ? "ID" : s.HeaderIds[0])}_{s.FileName}."));
        }

        [Fact]
        public async Task Each_sample_trips_exactly_the_marked_rules_on_the_marked_lines()
        {
            using var host = HostForCompilingSamples();
            var errors = (await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The broken samples must build: " + string.Join(Environment.NewLine, errors));

            // What a learner sees from AsyncRules: its analyzers' diagnostics, and the compiler warnings it has fixes for (CS4014).
            var fixableCompilerIds = AllRules.CodeFixes().SelectMany(f => f.FixableDiagnosticIds).Where(id => id.StartsWith("CS", StringComparison.Ordinal)).ToHashSet();
            var compilerWarnings = (await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Warning && fixableCompilerIds.Contains(d.Id));
            var diagnostics = (await host.GetAnalyzerDiagnosticsAsync()).Concat(compilerWarnings).ToList();
            Assert.Empty(host.AnalyzerExceptions);
            foreach (var sample in BrokenSample.All(compiling: true))
            {
                var actual = diagnostics
                    .Where(d => d.Location.SourceTree?.FilePath == "/" + sample.FileName)
                    .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line, d.Id))
                    .OrderBy(x => x)
                    .ToList();
                var expected = sample.Markers.OrderBy(x => x).ToList();
                Assert.True(expected.SequenceEqual(actual), $"{sample.FileName}: expected {Show(expected)} but the analyzers reported {Show(actual)}.");
                Assert.Equal(sample.HeaderIds.OrderBy(x => x), actual.Select(a => a.Id).Distinct().OrderBy(x => x));
            }
        }

        [Fact]
        public async Task Applying_every_fix_leaves_no_diagnostic_and_no_compiler_error()
        {
            using var host = HostForCompilingSamples();
            var before = WithFixes(await host.GetAnalyzerDiagnosticsAsync());
            var applied = await host.ApplyAllFixesAsync();

            Assert.True(applied >= before.Length, $"{applied} fixes applied for {before.Length} diagnostics");
            Assert.Empty(WithFixes(await host.GetAnalyzerDiagnosticsAsync()));
            Assert.Empty(host.AnalyzerExceptions);
            var errors = (await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "Fixed samples do not compile: " + string.Join(Environment.NewLine, errors));
        }

        public static TheoryData<string> NonCompilingSamples()
        {
            var data = new TheoryData<string>();
            foreach (var sample in BrokenSample.All(compiling: false))
            {
                data.Add(sample.FileName);
            }

            return data;
        }

        [Fact]
        public void There_are_non_compiling_samples()
            => Assert.NotEmpty(BrokenSample.All(compiling: false));

        /// <summary>
        /// The mistakes that cannot compile: each file alone yields exactly the compiler errors it marks, and the fixes
        /// AsyncRules offers for them leave a file that compiles with no AsyncRules diagnostic.
        /// </summary>
        [Theory]
        [MemberData(nameof(NonCompilingSamples))]
        public async Task Non_compiling_sample_has_the_marked_errors_and_the_fixes_make_it_compile(string fileName)
        {
            var sample = BrokenSample.All(compiling: false).Single(s => s.FileName == fileName);
            using var host = new AnalyzerHost(new[] { (sample.FileName, sample.Text) });
            var errors = (await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line, d.Id))
                .OrderBy(x => x)
                .ToList();
            var expected = sample.Markers.OrderBy(x => x).ToList();
            Assert.True(expected.SequenceEqual(errors), $"{sample.FileName}: expected {Show(expected)} but the compiler reported {Show(errors)}.");
            Assert.Equal(sample.HeaderIds.OrderBy(x => x), errors.Select(e => e.Id).Distinct().OrderBy(x => x));

            var applied = await host.ApplyAllFixesAsync();
            Assert.True(applied > 0);
            var remaining = (await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(remaining.Count == 0, $"{sample.FileName} still has errors after the fixes: " + string.Join(Environment.NewLine, remaining));
            Assert.Empty(await host.GetAnalyzerDiagnosticsAsync());
            Assert.Empty(host.AnalyzerExceptions);
        }

        /// <summary>Rules that ship without a fix ([NoCodeFix], e.g. ASYNC022) stay reported after the fixes: the learner decides.</summary>
        private static System.Collections.Immutable.ImmutableArray<Diagnostic> WithFixes(System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics)
        {
            var noFix = AllRules.AnalyzerTypes
                .Where(t => t.GetCustomAttributes(typeof(AsyncRules.Analyzers.NoCodeFixAttribute), false).Length > 0)
                .SelectMany(t => ((Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => d.Id))
                .ToHashSet();
            return diagnostics.Where(d => !noFix.Contains(d.Id)).ToImmutableArray();
        }

        private static string Show(System.Collections.Generic.IEnumerable<(int Line, string Id)> items)
            => "[" + string.Join(", ", items.Select(i => $"{i.Id}@line {i.Line + 1}")) + "]";
    }
}
