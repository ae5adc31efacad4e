using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC040TokenNotForwardedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC040TokenNotForwardedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>
    /// The token in scope is read from caches (a parameter type's token properties, a containing type's token members, per
    /// compilation), from the operation tree (the functions around the call), and the locals before the call only where a
    /// block around it declares a token or token source. Each test puts side by side, in one compilation, spots whose answers a
    /// wrongly keyed cache or a wrongly skipped walk would confuse.
    /// </summary>
    [Trait("Rule", "ASYNC040")]
    public class ASYNC040TokenLookupTests
    {
        private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static DiagnosticResult Passes(int location, string token)
            => Verify.Diagnostic().WithLocation(location).WithArguments("Delay", token).WithSeverity(DiagnosticSeverity.Info);

        [Fact]
        public Task Parameters_of_a_type_with_a_token_property_and_of_one_without_are_answered_apart()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                    class Request { public CancellationToken Aborted { get; } }
                    class Options { public int Retries { get; } }
                    class Holder<T> { public CancellationToken Stopping { get; } public T Value { get; } }
                    class C
                    {
                        async Task A(Request request) { await {|#0:Task.Delay(1)|}; }
                        async Task B(Options options) { await Task.Delay(2); }
                        async Task D(Request other) { await {|#1:Task.Delay(3)|}; }
                        async Task E(Holder<int> numbers) { await {|#2:Task.Delay(4)|}; }
                        async Task F(Holder<string> names) { await {|#3:Task.Delay(5)|}; }
                    }

                    """,
                Passes(0, "request.Aborted"),
                Passes(1, "other.Aborted"),
                Passes(2, "numbers.Stopping"),
                Passes(3, "names.Stopping"));

        [Fact]
        public Task A_base_types_private_token_serves_its_own_code_and_not_a_derived_types()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                    class Owner
                    {
                        private readonly CancellationToken stopping;
                        async Task InOwner() { await {|#0:Task.Delay(1)|}; }
                    }
                    class Heir : Owner
                    {
                        async Task InHeir() { await Task.Delay(2); }
                    }
                    class Keeper
                    {
                        protected readonly CancellationToken stopping;
                    }
                    class KeeperHeir : Keeper
                    {
                        async Task InHeir() { await {|#1:Task.Delay(3)|}; }
                    }

                    """,
                Passes(0, "stopping"),
                Passes(1, "stopping"));

        [Fact]
        public Task A_token_local_counts_in_the_blocks_and_lambdas_inside_its_block_and_nowhere_else()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                    class C
                    {
                        async Task M(CancellationTokenSource source)
                        {
                            {
                                var token = source.Token;
                                await {|#0:Task.Delay(1)|};
                                Func<Task> inner = async () => await {|#1:Task.Delay(2)|};
                                await inner();
                            }

                            await {|#2:Task.Delay(3)|};
                            Func<Task> later = async () =>
                            {
                                var own = source.Token;
                                await {|#3:Task.Delay(4)|};
                            };
                            Func<Task> other = async () => await {|#4:Task.Delay(5)|};
                            await later();
                            await other();
                        }
                    }

                    """,
                Passes(0, "token"),
                Passes(1, "token"),
                Passes(2, "source.Token"),
                Passes(3, "own"),
                Passes(4, "source.Token"));

        [Fact]
        public Task A_generic_types_overload_taking_its_type_parameter_takes_a_token_only_where_that_is_a_token()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                    class Box<T>
                    {
                        public Task Run() => Task.CompletedTask;
                        public Task Run(T value) => Task.CompletedTask;
                    }
                    class C
                    {
                        async Task M(Box<int> numbers, Box<CancellationToken> tokens, CancellationToken ct)
                        {
                            await numbers.Run();
                            await {|#0:tokens.Run()|};
                            await numbers.Run();
                        }
                    }

                    """,
                Verify.Diagnostic().WithLocation(0).WithArguments("Run", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_token_local_of_top_level_statements_is_passed()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    var source = new CancellationTokenSource();
                    var token = source.Token;
                    await {|#0:Task.Delay(1)|};

                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.ExpectedDiagnostics.Add(Passes(0, "token"));
            return test.RunAsync();
        }
    }
}
