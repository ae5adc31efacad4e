using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC040TokenNotForwardedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC040TokenNotForwardedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC040")]
    public class ASYNC040TokenNotForwardedTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.IO", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task An_overload_with_a_token_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await {|#0:Task.Delay(100)|};
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await Task.Delay(100, cancellationToken: ct);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task An_optional_token_parameter_gets_the_token_by_name()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            await [|SaveAsync("a")|];
                        }
                    """),
                Code("""
                        Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            await SaveAsync("a", cancellationToken: ct);
                        }
                    """));

        [Fact]
        public Task A_field_token_is_forwarded_when_no_parameter_is_there()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        readonly CancellationToken stopping;
                        async Task<string> M(string path)
                        {
                            return await [|File.ReadAllTextAsync(path)|];
                        }
                    """),
                Code("""
                        readonly CancellationToken stopping;
                        async Task<string> M(string path)
                        {
                            return await File.ReadAllTextAsync(path, cancellationToken: stopping);
                        }
                    """));

        [Fact]
        public Task A_keyword_named_token_is_escaped()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken @event)
                        {
                            await [|Task.Delay(100)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken @event)
                        {
                            await Task.Delay(100, cancellationToken: @event);
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task A1(CancellationToken ct)
                    {
                        await [|Task.Delay(1)|];
                        await [|Task.Delay(2)|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(CancellationToken token)
                    {
                        await [|Task.Delay(3)|];
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1(CancellationToken ct)
                    {
                        await Task.Delay(1, cancellationToken: ct);
                        await Task.Delay(2, cancellationToken: ct);
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(CancellationToken token)
                    {
                        await Task.Delay(3, cancellationToken: token);
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Which token: only one of this call or this object's lifetime (issue 14, class 7) -----------------------

        [Theory]
        [InlineData("CancellationToken stopping; async Task M() { await Task.Delay(1); }")]
        [InlineData("CancellationToken Stopping { get; set; } async Task M() { await Task.Delay(1); }")]
        [InlineData("static readonly CancellationToken Shutdown = default; async Task M() { await Task.Delay(1); }")]
        [InlineData("CancellationToken current; async Task M() { var token = current; await Task.Delay(1); }")]
        [InlineData("async Task M() { var token = CancellationToken.None; await Task.Delay(1); }")]
        [InlineData("CancellationTokenSource cts = new(); async Task M() { await Task.Delay(1); }")]
        [InlineData("class Connector { public CancellationToken Token { get; } } readonly Connector connector = new(); async Task M() { await Task.Delay(1); }")]
        [InlineData("class Connector { internal CancellationToken UserCancellationToken { get; set; } } async Task M(Connector connector) { await Task.Delay(1); }")]
        [InlineData("async Task M(OperationCanceledException cancelled) { await Task.Delay(1); }")]
        [InlineData("async Task M(CancellationToken? maybe, Task<CancellationToken> pending) { await Task.Delay(1); }")]
        [InlineData("class Two { public CancellationToken A => default; public CancellationToken B => default; } async Task M(Two two) { await Task.Delay(1); }")]
        [InlineData("CancellationToken stopping; async Task M() { using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping); await Task.Delay(1); }")]
        public Task Silent_when_the_only_token_is_not_this_calls_or_this_objects(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task A_get_only_auto_property_is_the_objects_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        CancellationToken Stopping { get; }
                        async Task M()
                        {
                            await [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        CancellationToken Stopping { get; }
                        async Task M()
                        {
                            await Task.Delay(1, cancellationToken: Stopping);
                        }
                    """));

        [Fact]
        public Task A_local_copied_from_a_mutable_field_is_passed_over_for_the_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        CancellationToken current;
                        async Task M(CancellationToken ct)
                        {
                            var token = current;
                            await {|#0:Task.Delay(1)|};
                        }
                    """),
                Code("""
                        CancellationToken current;
                        async Task M(CancellationToken ct)
                        {
                            var token = current;
                            await Task.Delay(1, cancellationToken: ct);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task The_token_of_a_readonly_source_field_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        readonly CancellationTokenSource cts = new();
                        async Task M(Func<Task> connect)
                        {
                            await {|#0:Task.Delay(100)|};
                            await connect().WaitAsync(cts.Token);
                        }
                    """),
                Code("""
                        readonly CancellationTokenSource cts = new();
                        async Task M(Func<Task> connect)
                        {
                            await Task.Delay(100, cancellationToken: cts.Token);
                            await connect().WaitAsync(cts.Token);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "cts.Token").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task The_token_of_a_property_of_a_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; set; } }
                        async Task Invoke(RequestContext context)
                        {
                            await {|#0:Task.Delay(300)|};
                        }
                    """),
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; set; } }
                        async Task Invoke(RequestContext context)
                        {
                            await Task.Delay(300, cancellationToken: context.RequestAborted);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "context.RequestAborted").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_token_parameter_wins_over_a_property_of_another_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }
                        async Task Invoke(RequestContext context, CancellationToken ct)
                        {
                            await [|Task.Delay(300)|];
                        }
                    """),
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }
                        async Task Invoke(RequestContext context, CancellationToken ct)
                        {
                            await Task.Delay(300, cancellationToken: ct);
                        }
                    """));

        [Fact]
        public Task The_token_of_a_source_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationTokenSource cts)
                        {
                            await [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationTokenSource cts)
                        {
                            await Task.Delay(1, cancellationToken: cts.Token);
                        }
                    """));

        [Fact]
        public Task A_linked_source_made_here_wins_over_the_parameter_it_links()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                            linked.CancelAfter(1000);
                            await [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                            linked.CancelAfter(1000);
                            await Task.Delay(1, cancellationToken: linked.Token);
                        }
                    """));

        [Fact]
        public Task A_property_of_an_object_handed_over_is_passed_when_it_is_not_a_mutable_auto_property()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Connector { public CancellationToken Token { get; } }
                        async Task M(Connector connector)
                        {
                            await [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        class Connector { public CancellationToken Token { get; } }
                        async Task M(Connector connector)
                        {
                            await Task.Delay(1, cancellationToken: connector.Token);
                        }
                    """));

        [Fact]
        public Task Fix_all_passes_reached_tokens_in_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    readonly CancellationTokenSource cts = new();
                    async Task A1()
                    {
                        await [|Task.Delay(1)|];
                        await [|Task.Delay(2)|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                abstract class Context
                {
                    public abstract CancellationToken RequestAborted { get; }
                }
                class D
                {
                    async Task B1(Context @event)
                    {
                        await [|Task.Delay(3)|];
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    readonly CancellationTokenSource cts = new();
                    async Task A1()
                    {
                        await Task.Delay(1, cancellationToken: cts.Token);
                        await Task.Delay(2, cancellationToken: cts.Token);
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                abstract class Context
                {
                    public abstract CancellationToken RequestAborted { get; }
                }
                class D
                {
                    async Task B1(Context @event)
                    {
                        await Task.Delay(3, cancellationToken: @event.RequestAborted);
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task An_override_that_drops_its_own_token_is_reported()
            => Verify.VerifyCodeFixAsync(
                Usings + """
                    abstract class Tunnel : Stream
                    {
                        private readonly Stream inner = Null, writes = Null;
                        public override async Task FlushAsync(CancellationToken cancellationToken)
                        {
                            var writesTask = [|writes.FlushAsync()|];
                            await [|inner.FlushAsync()|].ConfigureAwait(false);
                            await writesTask.ConfigureAwait(false);
                        }
                    }

                    """,
                Usings + """
                    abstract class Tunnel : Stream
                    {
                        private readonly Stream inner = Null, writes = Null;
                        public override async Task FlushAsync(CancellationToken cancellationToken)
                        {
                            var writesTask = writes.FlushAsync(cancellationToken: cancellationToken);
                            await inner.FlushAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                            await writesTask.ConfigureAwait(false);
                        }
                    }

                    """);

        // ---- Work the call does not wait for, and waits already bounded by a token ----------------------------------

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { _ = Task.Run(Work); await Task.Yield(); } Task Work() => Task.CompletedTask;")]
        [InlineData("Task background = Task.CompletedTask; async Task M(CancellationToken ct) { background = Task.Run(Work); await Task.Yield(); } Task Work() => Task.CompletedTask;")]
        [InlineData("async Task M(CancellationToken ct) { await Work().WaitAsync(ct); } Task Work() => Task.CompletedTask; Task Work(CancellationToken t) => Task.CompletedTask;")]
        [InlineData("async Task M(CancellationToken ct) { var work = Work(); await work.WaitAsync(TimeSpan.FromSeconds(1), ct); } Task Work() => Task.CompletedTask; Task Work(CancellationToken t) => Task.CompletedTask;")]
        [InlineData("async Task M(CancellationToken ct) { var work = Work(); var timeout = Task.Delay(1000, ct); await Task.WhenAny(work, timeout); } Task Work() => Task.CompletedTask; Task Work(CancellationToken t) => Task.CompletedTask;")]
        [InlineData("async Task M(CancellationToken ct) { await Task.WhenAny(new[] { Work(), Task.Delay(1000, ct) }); } Task Work() => Task.CompletedTask; Task Work(CancellationToken t) => Task.CompletedTask;")]
        [InlineData("async Task<bool> M(Task shutdown, CancellationToken ct) { var first = await Task.WhenAny(shutdown, Task.Delay(1000)); return first == shutdown; }")]
        public Task Silent_for_work_not_awaited_here_or_already_bounded_by_a_token(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task A_task_run_that_is_awaited_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task Work() => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            var t = [|Task.Run(Work)|];
                            await t;
                        }
                    """),
                Code("""
                        Task Work() => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            var t = Task.Run(Work, cancellationToken: ct);
                            await t;
                        }
                    """));

        [Fact]
        public Task A_race_against_a_delay_without_a_token_is_not_bounded()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task Work() => Task.CompletedTask;
                        Task Work(CancellationToken t) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            var work = [|Work()|];
                            await Task.WhenAny(work, Task.Delay(1000));
                        }
                    """),
                Code("""
                        Task Work() => Task.CompletedTask;
                        Task Work(CancellationToken t) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            var work = Work(t: ct);
                            await Task.WhenAny(work, Task.Delay(1000));
                        }
                    """));

        [Fact]
        public Task A_wait_bounded_only_by_a_timeout_is_not_bounded()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task Work() => Task.CompletedTask;
                        Task Work(CancellationToken t) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            await [|[|Work()|].WaitAsync(TimeSpan.FromSeconds(1))|];
                        }
                    """),
                Code("""
                        Task Work() => Task.CompletedTask;
                        Task Work(CancellationToken t) => Task.CompletedTask;
                        async Task M(CancellationToken ct)
                        {
                            await Work(t: ct).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken: ct);
                        }
                    """));

        // ---- The token overload is a default interface member (issue 14: gRPC's IAsyncStreamWriter<T>) ---------------

        private const string Writer = """

            interface IStreamWriter<T>
            {
                Task WriteAsync(T message);
                Task WriteAsync(T message, CancellationToken cancellationToken)
                {
                    if (cancellationToken.CanBeCanceled)
                    {
                        throw new NotSupportedException();
                    }

                    return WriteAsync(message);
                }
            }
            interface IServerStreamWriter<T> : IStreamWriter<T> { }
            interface IOptional { Task SendAsync(int message, CancellationToken cancellationToken = default) => Task.CompletedTask; }

            """;

        [Fact]
        public Task Silent_when_the_overload_that_takes_the_token_is_a_default_interface_member()
            => Verify.VerifyAnalyzerAsync(Usings + Writer + """

                class C<TWriter> where TWriter : IStreamWriter<int>
                {
                    async Task Watch(IStreamWriter<int> writer, IServerStreamWriter<int> response, TWriter generic, IOptional optional, CancellationToken ct)
                    {
                        await writer.WriteAsync(1);
                        await response.WriteAsync(2);
                        await generic.WriteAsync(3);
                        await optional.SendAsync(4);
                    }
                }

                """);

        [Fact]
        public Task An_abstract_interface_overload_or_a_class_overload_still_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Usings + """

                    interface IStreamWriter<T>
                    {
                        Task WriteAsync(T message);
                        Task WriteAsync(T message, CancellationToken cancellationToken);
                    }
                    class Writer : IStreamWriter<int>
                    {
                        public Task WriteAsync(int message) => Task.CompletedTask;
                        public Task WriteAsync(int message, CancellationToken cancellationToken) => Task.CompletedTask;
                    }
                    class C
                    {
                        async Task Watch(IStreamWriter<int> writer, Writer concrete, CancellationToken ct)
                        {
                            await [|writer.WriteAsync(1)|];
                            await [|concrete.WriteAsync(2)|];
                        }
                    }

                    """,
                Usings + """

                    interface IStreamWriter<T>
                    {
                        Task WriteAsync(T message);
                        Task WriteAsync(T message, CancellationToken cancellationToken);
                    }
                    class Writer : IStreamWriter<int>
                    {
                        public Task WriteAsync(int message) => Task.CompletedTask;
                        public Task WriteAsync(int message, CancellationToken cancellationToken) => Task.CompletedTask;
                    }
                    class C
                    {
                        async Task Watch(IStreamWriter<int> writer, Writer concrete, CancellationToken ct)
                        {
                            await writer.WriteAsync(1, cancellationToken: ct);
                            await concrete.WriteAsync(2, cancellationToken: ct);
                        }
                    }

                    """);

        // ---- Where the token is already cancelled (issue 14: garnet BlobManager's drain after shutdown) -------------

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { if (ct.IsCancellationRequested) { await Task.Delay(20); } }")]
        [InlineData("async Task M(CancellationToken ct, bool busy) { if (busy && ct.IsCancellationRequested) await Task.Delay(20); }")]
        [InlineData("async Task M(CancellationToken ct) { if (!ct.IsCancellationRequested) { } else { await Task.Delay(20); } }")]
        [InlineData("async Task M(CancellationToken ct) { if (!ct.IsCancellationRequested) return; await Task.Delay(20); }")]
        [InlineData("async Task M(CancellationToken ct) { while (true) { if (!(ct.IsCancellationRequested)) { continue; } await Task.Delay(20); break; } }")]
        [InlineData("async Task M(CancellationToken ct) { while (ct.IsCancellationRequested) { await Task.Delay(20); } }")]
        [InlineData("async Task M(CancellationToken ct) { try { await Task.Delay(1, ct); } catch (OperationCanceledException) when (ct.IsCancellationRequested) { await Task.Delay(20); } }")]
        [InlineData("async Task<int> M(CancellationToken ct) { return ct.IsCancellationRequested ? await Task.Run(() => 1) : 0; }")]
        [InlineData("readonly CancellationTokenSource shutDown = new(); async Task M() { if (shutDown.IsCancellationRequested) { await Task.Delay(20); } }")]
        [InlineData("readonly CancellationTokenSource shutDown = new(); async Task M() { if (!this.shutDown.Token.IsCancellationRequested) return; await Task.Delay(20); }")]
        [InlineData("abstract class Context { public abstract CancellationToken RequestAborted { get; } } async Task M(Context context) { if (context.RequestAborted.IsCancellationRequested) { await Task.Delay(20); } }")]
        public Task Silent_where_the_token_in_scope_is_known_to_be_cancelled(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { if (!ct.IsCancellationRequested) { await [|Task.Delay(20)|]; } }")]
        [InlineData("async Task M(CancellationToken ct, bool busy) { if (busy || ct.IsCancellationRequested) await [|Task.Delay(20)|]; }")]
        [InlineData("async Task M(CancellationToken ct) { if (!ct.IsCancellationRequested) { } await [|Task.Delay(20)|]; }")]
        [InlineData("async Task M(CancellationToken ct) { try { await Task.Delay(1, ct); } catch (OperationCanceledException) { await [|Task.Delay(20)|]; } }")]
        [InlineData("readonly CancellationTokenSource other = new(); async Task M(CancellationToken ct) { if (other.IsCancellationRequested) { await [|Task.Delay(20)|]; } }")]
        [InlineData("async Task M(CancellationToken ct) { await [|Task.Delay(20)|]; if (!ct.IsCancellationRequested) return; }")]
        [InlineData("async Task M(CancellationToken ct) { while (!ct.IsCancellationRequested) { await [|Task.Delay(20)|]; } }")]
        public Task Reported_where_the_token_in_scope_is_not_known_to_be_cancelled(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { await Task.Delay(1, ct); }")]
        [InlineData("async Task M(CancellationToken ct) { await Task.Delay(1, CancellationToken.None); }")]
        [InlineData("async Task M() { await Task.Delay(1); }")]
        [InlineData("async Task M(CancellationToken a, CancellationToken b) { await Task.Delay(1); }")]
        [InlineData("void M(CancellationToken ct) { Task.Delay(1).Wait(); }")]
        [InlineData("async Task M(CancellationToken ct) { Func<Task> f = static async () => await Task.Delay(1); await f(); }")]
        [InlineData("async Task M(CancellationToken ct) { Console.WriteLine(1); await Task.Yield(); }")]
        [InlineData("async Task M(CancellationToken ct, Task t, SemaphoreSlim gate) { gate.Wait(); t.Wait(); await Task.Yield(); }")]
        [InlineData("async Task M() { CancellationToken ct; await Task.Delay(1); ct = default; }")]
        [InlineData("class Other { public Task Run() => Task.CompletedTask; private Task Run(CancellationToken t) => Task.CompletedTask; } async Task M(Other o, CancellationToken ct) { await o.Run(); }")]
        [InlineData("class Old { public Task Run() => Task.CompletedTask; [Obsolete] public Task Run(CancellationToken t) => Task.CompletedTask; } async Task M(Old o, CancellationToken ct) { await o.Run(); }")]
        [InlineData("async IAsyncEnumerable<int> Numbers([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; } async Task M(CancellationToken ct) { await foreach (var n in Numbers()) { } await foreach (var n in Numbers().ConfigureAwait(false)) { } }")]
        public Task Silent_where_a_token_is_passed_absent_ambiguous_or_not_ours(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
