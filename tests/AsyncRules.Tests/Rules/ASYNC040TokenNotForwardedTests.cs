using System.Threading.Tasks;
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
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task An_overload_with_a_token_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        await {|#0:Task.Delay(100)|};\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        await Task.Delay(100, cancellationToken: ct);\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task An_optional_token_parameter_gets_the_token_by_name()
            => Verify.VerifyCodeFixAsync(
                Code("    Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await [|SaveAsync(\"a\")|];\n    }"),
                Code("    Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await SaveAsync(\"a\", cancellationToken: ct);\n    }"));

        [Fact]
        public Task A_field_token_is_forwarded_when_no_parameter_is_there()
            => Verify.VerifyCodeFixAsync(
                Code("    readonly CancellationToken stopping;\n    async Task<string> M(string path)\n    {\n        return await [|File.ReadAllTextAsync(path)|];\n    }"),
                Code("    readonly CancellationToken stopping;\n    async Task<string> M(string path)\n    {\n        return await File.ReadAllTextAsync(path, cancellationToken: stopping);\n    }"));

        [Fact]
        public Task A_keyword_named_token_is_escaped()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken @event)\n    {\n        await [|Task.Delay(100)|];\n    }"),
                Code("    async Task M(CancellationToken @event)\n    {\n        await Task.Delay(100, cancellationToken: @event);\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1(CancellationToken ct)\n    {\n        await [|Task.Delay(1)|];\n        await [|Task.Delay(2)|];\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(CancellationToken token)\n    {\n        await [|Task.Delay(3)|];\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1(CancellationToken ct)\n    {\n        await Task.Delay(1, cancellationToken: ct);\n        await Task.Delay(2, cancellationToken: ct);\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(CancellationToken token)\n    {\n        await Task.Delay(3, cancellationToken: token);\n    }\n}\n"));
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
                Code("    CancellationToken Stopping { get; }\n    async Task M()\n    {\n        await [|Task.Delay(1)|];\n    }"),
                Code("    CancellationToken Stopping { get; }\n    async Task M()\n    {\n        await Task.Delay(1, cancellationToken: Stopping);\n    }"));

        [Fact]
        public Task A_local_copied_from_a_mutable_field_is_passed_over_for_the_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("    CancellationToken current;\n    async Task M(CancellationToken ct)\n    {\n        var token = current;\n        await {|#0:Task.Delay(1)|};\n    }"),
                Code("    CancellationToken current;\n    async Task M(CancellationToken ct)\n    {\n        var token = current;\n        await Task.Delay(1, cancellationToken: ct);\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task The_token_of_a_readonly_source_field_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    readonly CancellationTokenSource cts = new();\n    async Task M(Func<Task> connect)\n    {\n        await {|#0:Task.Delay(100)|};\n        await connect().WaitAsync(cts.Token);\n    }"),
                Code("    readonly CancellationTokenSource cts = new();\n    async Task M(Func<Task> connect)\n    {\n        await Task.Delay(100, cancellationToken: cts.Token);\n        await connect().WaitAsync(cts.Token);\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "cts.Token").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task The_token_of_a_property_of_a_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; set; } }\n    async Task Invoke(RequestContext context)\n    {\n        await {|#0:Task.Delay(300)|};\n    }"),
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; set; } }\n    async Task Invoke(RequestContext context)\n    {\n        await Task.Delay(300, cancellationToken: context.RequestAborted);\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "context.RequestAborted").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_token_parameter_wins_over_a_property_of_another_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }\n    async Task Invoke(RequestContext context, CancellationToken ct)\n    {\n        await [|Task.Delay(300)|];\n    }"),
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }\n    async Task Invoke(RequestContext context, CancellationToken ct)\n    {\n        await Task.Delay(300, cancellationToken: ct);\n    }"));

        [Fact]
        public Task The_token_of_a_source_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationTokenSource cts)\n    {\n        await [|Task.Delay(1)|];\n    }"),
                Code("    async Task M(CancellationTokenSource cts)\n    {\n        await Task.Delay(1, cancellationToken: cts.Token);\n    }"));

        [Fact]
        public Task A_linked_source_made_here_wins_over_the_parameter_it_links()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);\n        linked.CancelAfter(1000);\n        await [|Task.Delay(1)|];\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);\n        linked.CancelAfter(1000);\n        await Task.Delay(1, cancellationToken: linked.Token);\n    }"));

        [Fact]
        public Task A_property_of_an_object_handed_over_is_passed_when_it_is_not_a_mutable_auto_property()
            => Verify.VerifyCodeFixAsync(
                Code("    class Connector { public CancellationToken Token { get; } }\n    async Task M(Connector connector)\n    {\n        await [|Task.Delay(1)|];\n    }"),
                Code("    class Connector { public CancellationToken Token { get; } }\n    async Task M(Connector connector)\n    {\n        await Task.Delay(1, cancellationToken: connector.Token);\n    }"));

        [Fact]
        public Task Fix_all_passes_reached_tokens_in_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    readonly CancellationTokenSource cts = new();\n    async Task A1()\n    {\n        await [|Task.Delay(1)|];\n        await [|Task.Delay(2)|];\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "abstract class Context\n{\n    public abstract CancellationToken RequestAborted { get; }\n}\nclass D\n{\n    async Task B1(Context @event)\n    {\n        await [|Task.Delay(3)|];\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    readonly CancellationTokenSource cts = new();\n    async Task A1()\n    {\n        await Task.Delay(1, cancellationToken: cts.Token);\n        await Task.Delay(2, cancellationToken: cts.Token);\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "abstract class Context\n{\n    public abstract CancellationToken RequestAborted { get; }\n}\nclass D\n{\n    async Task B1(Context @event)\n    {\n        await Task.Delay(3, cancellationToken: @event.RequestAborted);\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task An_override_that_drops_its_own_token_is_reported()
            => Verify.VerifyCodeFixAsync(
                Usings + "abstract class Tunnel : Stream\n{\n    private readonly Stream inner = Null, writes = Null;\n    public override async Task FlushAsync(CancellationToken cancellationToken)\n    {\n        var writesTask = [|writes.FlushAsync()|];\n        await [|inner.FlushAsync()|].ConfigureAwait(false);\n        await writesTask.ConfigureAwait(false);\n    }\n}\n",
                Usings + "abstract class Tunnel : Stream\n{\n    private readonly Stream inner = Null, writes = Null;\n    public override async Task FlushAsync(CancellationToken cancellationToken)\n    {\n        var writesTask = writes.FlushAsync(cancellationToken: cancellationToken);\n        await inner.FlushAsync(cancellationToken: cancellationToken).ConfigureAwait(false);\n        await writesTask.ConfigureAwait(false);\n    }\n}\n");

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
                Code("    Task Work() => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        var t = [|Task.Run(Work)|];\n        await t;\n    }"),
                Code("    Task Work() => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        var t = Task.Run(Work, cancellationToken: ct);\n        await t;\n    }"));

        [Fact]
        public Task A_race_against_a_delay_without_a_token_is_not_bounded()
            => Verify.VerifyCodeFixAsync(
                Code("    Task Work() => Task.CompletedTask;\n    Task Work(CancellationToken t) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        var work = [|Work()|];\n        await Task.WhenAny(work, Task.Delay(1000));\n    }"),
                Code("    Task Work() => Task.CompletedTask;\n    Task Work(CancellationToken t) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        var work = Work(t: ct);\n        await Task.WhenAny(work, Task.Delay(1000));\n    }"));

        [Fact]
        public Task A_wait_bounded_only_by_a_timeout_is_not_bounded()
            => Verify.VerifyCodeFixAsync(
                Code("    Task Work() => Task.CompletedTask;\n    Task Work(CancellationToken t) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await [|[|Work()|].WaitAsync(TimeSpan.FromSeconds(1))|];\n    }"),
                Code("    Task Work() => Task.CompletedTask;\n    Task Work(CancellationToken t) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await Work(t: ct).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken: ct);\n    }"));

        // ---- The token overload is a default interface member (issue 14: gRPC's IAsyncStreamWriter<T>) ---------------

        private const string Writer = @"
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
";

        [Fact]
        public Task Silent_when_the_overload_that_takes_the_token_is_a_default_interface_member()
            => Verify.VerifyAnalyzerAsync(Usings + Writer + @"
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
");

        [Fact]
        public Task An_abstract_interface_overload_or_a_class_overload_still_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Usings + @"
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
",
                Usings + @"
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
");

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
