using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS8414AwaitForeachCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS8414, foreach over an async stream: await foreach, making the function async when it is not.</summary>
    [Trait("Rule", "CS8414")]
    public class CS8414AwaitForeachCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task In_async_code_the_loop_becomes_await_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            // each tick
                            foreach (var x in {|CS8414:s|})
                            {
                                Console.WriteLine(x);
                            }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            // each tick
                            await foreach (var x in s)
                            {
                                Console.WriteLine(x);
                            }
                        }
                    """));

        [Fact]
        public Task A_sync_void_method_is_made_async()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(IAsyncEnumerable<int> s)
                        {
                            foreach (var x in {|CS8414:s|}) Console.WriteLine(x);
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            await foreach (var x in s) Console.WriteLine(x);
                        }
                    """));

        [Fact]
        public Task A_sync_method_returning_a_value_gets_a_task_and_its_async_callers_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Sum(IAsyncEnumerable<int> s)
                        {
                            var total = 0;
                            foreach (var x in {|CS8414:s|}) total += x;
                            return total;
                        }
                        async Task<int> Caller(IAsyncEnumerable<int> s) => Sum(s) + 1;
                    """),
                Code("""
                        async Task<int> Sum(IAsyncEnumerable<int> s)
                        {
                            var total = 0;
                            await foreach (var x in s) total += x;
                            return total;
                        }
                        async Task<int> Caller(IAsyncEnumerable<int> s) => await Sum(s) + 1;
                    """));

        [Fact]
        public Task A_relaying_iterator_becomes_an_async_iterator()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        IEnumerable<int> Relay(IAsyncEnumerable<int> source)
                        {
                            foreach (var x in {|CS8414:source|})
                                yield return x;
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)
                        {
                            await foreach (var x in source)
                                yield return x;
                        }
                    """));

        [Fact]
        public Task A_ConfigureAwait_chain_and_a_deconstruction_are_still_streams()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s, IAsyncEnumerable<(int, int)> pairs)
                        {
                            foreach (var x in {|CS8414:s.ConfigureAwait(false)|}) { }
                            foreach (var ({|CS8130:a|}, {|CS8130:b|}) in {|CS8414:pairs|}) { }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s, IAsyncEnumerable<(int, int)> pairs)
                        {
                            await foreach (var x in s.ConfigureAwait(false)) { }
                            await foreach (var (a, b) in pairs) { }
                        }
                    """));

        [Fact]
        public Task An_async_lambda_body_is_fixed_in_place()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(IAsyncEnumerable<int> s)
                        {
                            Func<Task> f = async () => { foreach (var x in {|CS8414:s|}) { } };
                        }
                    """),
                Code("""
                        void M(IAsyncEnumerable<int> s)
                        {
                            Func<Task> f = async () => { await foreach (var x in s) { } };
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document_and_makes_each_method_async_once()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    void M(IAsyncEnumerable<int> s)
                    {
                        foreach (var x in {|CS8414:s|}) { }
                        foreach (var y in {|CS8414:s|}) { }
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> s)
                    {
                        foreach (var x in {|CS8414:s|}) { }
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> s)
                    {
                        await foreach (var x in s) { }
                        await foreach (var y in s) { }
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> s)
                    {
                        await foreach (var x in s) { }
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- No fix where the result would not compile -------------------------------------------------------------

        [Theory]
        [InlineData("""
                readonly object gate = new object();
                async Task M(IAsyncEnumerable<int> s)
                {
                    await Task.Yield();
                    lock (gate) { foreach (var x in {|CS8414:s|}) { } }
                }
            """)]
        [InlineData("""
                void M(IAsyncEnumerable<int> s, ref int n)
                {
                    foreach (var x in {|CS8414:s|}) n += x;
                }
            """)]
        [InlineData("""
                void M(IAsyncEnumerable<int> s)
                {
                    Action a = () => { foreach (var x in {|CS8414:s|}) { } };
                }
            """)]
        [InlineData("""
                int Count { get { foreach (var x in {|CS8414:Source|}) { } return 0; } }
                IAsyncEnumerable<int> Source => throw null!;
            """)]
        [InlineData("""
                IEnumerable<int> Relay(IAsyncEnumerable<int> s) { foreach (var x in {|CS8414:s|}) yield return x; }
                void Use(IAsyncEnumerable<int> s) { foreach (var x in Relay(s)) { } }
            """)]
        [InlineData("""
                interface IReader { int Read(IAsyncEnumerable<int> s); }
                class Reader : IReader { public int Read(IAsyncEnumerable<int> s) { foreach (var x in {|CS8414:s|}) { } return 0; } }
            """)]
        public Task No_fix_where_it_would_not_compile(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
