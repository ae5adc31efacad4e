using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS1624CS8403AsyncIteratorCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS8403, an IAsyncEnumerable iterator without async: add async.</summary>
    [Trait("Rule", "CS8403")]
    public class CS8403AddAsyncToAsyncIteratorCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task Async_is_added_and_the_type_stays()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        /// <summary>Ticks.</summary>
                        public static IAsyncEnumerable<int> {|CS8403:Ticks|}()
                        {
                            yield return 1;
                        }
                    """),
                Code("""
                        /// <summary>Ticks.</summary>
                        public static async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 1;
                        }
                    """));

        [Fact]
        public Task Without_modifiers_async_takes_the_leading_trivia()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        // enumerator
                        IAsyncEnumerator<int> {|CS8403:Each|}()
                        {
                            yield return 1;
                        }
                    """),
                Code("""
                        // enumerator
                        async IAsyncEnumerator<int> Each()
                        {
                            yield return 1;
                        }
                    """));

        [Fact]
        public Task A_local_function()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            IAsyncEnumerable<int> {|CS8403:Local|}() { yield return 1; }
                        }
                    """),
                Code("""
                        void M()
                        {
                            async IAsyncEnumerable<int> Local() { yield return 1; }
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    IAsyncEnumerable<int> {|CS8403:A1|}() { yield return 1; }
                    IAsyncEnumerable<int> {|CS8403:A2|}() { yield return 2; }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    IAsyncEnumerable<int> {|CS8403:B1|}() { yield return 3; }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async IAsyncEnumerable<int> A1() { yield return 1; }
                    async IAsyncEnumerable<int> A2() { yield return 2; }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async IAsyncEnumerable<int> B1() { yield return 3; }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task No_fix_in_an_unsafe_method()
        {
            var source = Code("    unsafe IAsyncEnumerable<int> {|CS8403:{|CS1629:M|}|}() { yield return 1; }");
            return Verify.VerifyCodeFixAsync(source, source);
        }
    }
}
