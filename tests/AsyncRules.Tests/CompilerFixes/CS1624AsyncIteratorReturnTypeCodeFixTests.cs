using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS1624CS8403AsyncIteratorCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS1624 on a Task&lt;IEnumerable&lt;T&gt;&gt; iterator: it becomes async IAsyncEnumerable&lt;T&gt;, never the other way round.</summary>
    [Trait("Rule", "CS1624")]
    public class CS1624AsyncIteratorReturnTypeCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task A_task_of_a_sequence_becomes_an_async_iterator()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        // the ticks
                        public Task<IEnumerable<int>> {|CS1624:Ticks|}()
                        {
                            yield return 1;
                        }
                    """),
                Code("""
                        // the ticks
                        public async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 1;
                        }
                    """));

        [Fact]
        public Task An_async_method_keeps_async_and_only_changes_its_return_type()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<IEnumerable<string>> {|CS1624:Lines|}()
                        {
                            await Task.Delay(1);
                            yield return "a";
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<string> Lines()
                        {
                            await Task.Delay(1);
                            yield return "a";
                        }
                    """));

        [Fact]
        public Task ValueTask_of_an_enumerator_and_a_local_function()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            ValueTask<IEnumerator<int>> {|CS1624:Local|}() { yield return 1; }
                        }
                    """),
                Code("""
                        void M()
                        {
                            async IAsyncEnumerator<int> Local() { yield return 1; }
                        }
                    """));

        [Fact]
        public Task Qualified_names_and_a_missing_using()
            => Verify.VerifyCodeFixAsync(
                """
                    class C
                    {
                        System.Threading.Tasks.Task<System.Collections.Generic.IEnumerable<int>> {|CS1624:M|}()
                        {
                            yield return 1;
                        }
                    }

                    """,
                """
                    using System.Collections.Generic;

                    class C
                    {
                        async IAsyncEnumerable<int> M()
                        {
                            yield return 1;
                        }
                    }

                    """);

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    Task<IEnumerable<int>> {|CS1624:A1|}() { yield return 1; }
                    Task<IEnumerable<int>> {|CS1624:A2|}() { yield return 2; }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    Task<IEnumerable<int>> {|CS1624:B1|}() { yield return 3; }
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

        // ---- No fix where the result would not compile or is not ours -------------------------------------------

        [Theory]
        [InlineData("""
                Task<IEnumerable<int>> {|CS1624:M|}() { yield return 1; }
                async Task Use() { var items = await M(); }
            """)]
        [InlineData("    int {|CS1624:M|}() { yield return 1; }")]
        [InlineData("    Task<int> {|CS1624:M|}() { yield return 1; }")]
        [InlineData("""
                interface ISource { Task<IEnumerable<int>> Read(); }
                class Source : ISource { public Task<IEnumerable<int>> {|CS1624:Read|}() { yield return 1; } }
            """)]
        [InlineData("""
                abstract class Base { public abstract Task<IEnumerable<int>> Read(); }
                class Derived : Base { public override Task<IEnumerable<int>> {|CS1624:Read|}() { yield return 1; } }
            """)]
        public Task No_fix_when_callers_or_a_contract_fix_the_type(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
