using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS8425EnumeratorCancellationCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS8425 (a warning): the async iterator's token parameter gets [EnumeratorCancellation].</summary>
    [Trait("Rule", "CS8425")]
    public class CS8425EnumeratorCancellationCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System.Collections.Generic", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings + "\n");

        private static string Fixed(string members) => TestCode.InClass(members, TestCode.UsingsOf("System.Collections.Generic", "System.Runtime.CompilerServices", "System.Threading", "System.Threading.Tasks") + "\n");

        private static Task Run(string source, string fixedSource, int iterations = 1)
        {
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, CompilerDiagnostics = CompilerDiagnostics.Warnings };
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task The_attribute_and_its_using_are_added()
            => Run(
                Code("""
                        async IAsyncEnumerable<int> {|CS8425:Ticks|}(int count, CancellationToken cancellationToken = default)
                        {
                            await Task.Delay(1, cancellationToken);
                            yield return count;
                        }
                    """),
                Fixed("""
                        async IAsyncEnumerable<int> Ticks(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            await Task.Delay(1, cancellationToken);
                            yield return count;
                        }
                    """));

        [Fact]
        public Task Other_attributes_stay_and_a_local_function_is_fixed_too()
            => Run(
                Code("""
                        void M()
                        {
                            async IAsyncEnumerable<int> {|CS8425:Local|}([System.Diagnostics.CodeAnalysis.NotNull] CancellationToken ct) { await Task.Yield(); yield return 1; }
                            _ = Local(default);
                        }
                    """),
                Fixed("""
                        void M()
                        {
                            async IAsyncEnumerable<int> Local([System.Diagnostics.CodeAnalysis.NotNull][EnumeratorCancellation] CancellationToken ct) { await Task.Yield(); yield return 1; }
                            _ = Local(default);
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test { CompilerDiagnostics = CompilerDiagnostics.Warnings };
            test.TestState.Sources.Add(("A.cs", Code("""
                    async IAsyncEnumerable<int> {|CS8425:A1|}(CancellationToken ct) { await Task.Yield(); yield return 1; }
                    async IAsyncEnumerable<int> {|CS8425:A2|}(CancellationToken ct) { await Task.Yield(); yield return 2; }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """

                class D
                {
                    async IAsyncEnumerable<int> {|CS8425:B1|}(CancellationToken ct) { await Task.Yield(); yield return 3; }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Fixed("""
                    async IAsyncEnumerable<int> A1([EnumeratorCancellation] CancellationToken ct) { await Task.Yield(); yield return 1; }
                    async IAsyncEnumerable<int> A2([EnumeratorCancellation] CancellationToken ct) { await Task.Yield(); yield return 2; }
                """)));
            test.FixedState.Sources.Add(("B.cs", """
                using System.Collections.Generic;
                using System.Runtime.CompilerServices;
                using System.Threading;
                using System.Threading.Tasks;

                class D
                {
                    async IAsyncEnumerable<int> B1([EnumeratorCancellation] CancellationToken ct) { await Task.Yield(); yield return 3; }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task No_fix_when_two_tokens_could_be_meant()
        {
            var source = Code("    async IAsyncEnumerable<int> {|CS8425:M|}(CancellationToken a, CancellationToken b) { await Task.Yield(); yield return 1; }");
            return Run(source, source);
        }
    }
}
