using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS4008AwaitVoidCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS4008, await of a void call: the async counterpart when there is one, else no await.</summary>
    [Trait("Rule", "CS4008")]
    public class CS4008AwaitVoidCodeFixTests
    {
        private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task Await_Thread_Sleep_becomes_await_Task_Delay_with_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        {|CS4008:await Thread.Sleep(1000)|};\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        await Task.Delay(1000, ct);\n    }"));

        [Fact]
        public Task Await_Thread_Sleep_zero_becomes_Task_Yield()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        {|CS4008:await Thread.Sleep(0)|};\n    }"),
                Code("    async Task M()\n    {\n        await Task.Yield();\n    }"));

        [Fact]
        public Task Await_of_a_sync_method_calls_its_async_counterpart()
            => Verify.VerifyCodeFixAsync(
                Code("    void Save(string path) { }\n    Task SaveAsync(string path) => Task.CompletedTask;\n    async Task M()\n    {\n        {|CS4008:await Save(\"a\")|};\n    }"),
                Code("    void Save(string path) { }\n    Task SaveAsync(string path) => Task.CompletedTask;\n    async Task M()\n    {\n        await SaveAsync(\"a\");\n    }"));

        [Fact]
        public Task The_counterparts_token_parameter_gets_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("    class Store { public void Flush() { } public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; }\n    async Task M(Store store, CancellationToken ct)\n    {\n        {|CS4008:await store.Flush()|};\n    }"),
                Code("    class Store { public void Flush() { } public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; }\n    async Task M(Store store, CancellationToken ct)\n    {\n        await store.FlushAsync(cancellationToken: ct);\n    }"));

        [Fact]
        public Task A_counterpart_that_is_a_default_interface_member_gets_no_token()
            => Verify.VerifyCodeFixAsync(
                Code("    interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken = default) => cancellationToken.CanBeCanceled ? throw new NotSupportedException() : Task.CompletedTask; }\n    async Task M(IStore store, CancellationToken ct)\n    {\n        {|CS4008:await store.Flush()|};\n    }"),
                Code("    interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken = default) => cancellationToken.CanBeCanceled ? throw new NotSupportedException() : Task.CompletedTask; }\n    async Task M(IStore store, CancellationToken ct)\n    {\n        await store.FlushAsync();\n    }"));

        [Fact]
        public Task A_required_token_of_a_default_interface_member_means_the_await_is_removed()
            => Verify.VerifyCodeFixAsync(
                Code("    interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; }\n    async Task M(IStore store, CancellationToken ct)\n    {\n        {|CS4008:await store.Flush()|};\n    }"),
                Code("    interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; }\n    async Task M(IStore store, CancellationToken ct)\n    {\n        store.Flush();\n    }"));

        [Fact]
        public Task Framework_counterpart_is_found_on_the_receiver_type()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(System.IO.Stream stream)\n    {\n        {|CS4008:await stream.Flush()|};\n    }"),
                Code("    async Task M(System.IO.Stream stream)\n    {\n        await stream.FlushAsync();\n    }"));

        [Fact]
        public Task Without_a_counterpart_the_await_is_removed()
            => Verify.VerifyCodeFixAsync(
                Code("    void Log(string message) { }\n    async Task M()\n    {\n        {|CS4008:await Log(\"x\")|};\n        await Task.Yield();\n    }"),
                Code("    void Log(string message) { }\n    async Task M()\n    {\n        Log(\"x\");\n        await Task.Yield();\n    }"));

        [Theory]
        [InlineData("    void Read() { }\n    async Task ReadAsync()\n    {\n        {|CS4008:await Read()|};\n    }", "    void Read() { }\n    async Task ReadAsync()\n    {\n        Read();\n    }")]
        [InlineData("    void Save() { }\n    [Obsolete] Task SaveAsync() => Task.CompletedTask;\n    async Task M()\n    {\n        {|CS4008:await Save()|};\n    }", "    void Save() { }\n    [Obsolete] Task SaveAsync() => Task.CompletedTask;\n    async Task M()\n    {\n        Save();\n    }")]
        [InlineData("    void Save(int x) { }\n    Task SaveAsync(long x) => Task.CompletedTask;\n    async Task M()\n    {\n        {|CS4008:await Save(1)|};\n    }", "    void Save(int x) { }\n    Task SaveAsync(long x) => Task.CompletedTask;\n    async Task M()\n    {\n        Save(1);\n    }")]
        [InlineData("    void Save() { }\n    Task<int> SaveAsync() => Task.FromResult(1);\n    async Task M()\n    {\n        {|CS4008:await Save()|};\n    }", "    void Save() { }\n    Task<int> SaveAsync() => Task.FromResult(1);\n    async Task M()\n    {\n        Save();\n    }")]
        [InlineData("    class Other { public void Save() { } private Task SaveAsync() => Task.CompletedTask; }\n    async Task M(Other o)\n    {\n        {|CS4008:await o.Save()|};\n    }", "    class Other { public void Save() { } private Task SaveAsync() => Task.CompletedTask; }\n    async Task M(Other o)\n    {\n        o.Save();\n    }")]
        public Task Never_a_counterpart_that_is_itself_obsolete_mismatched_or_inaccessible(string source, string fixedSource)
            => Verify.VerifyCodeFixAsync(Code(source), Code(fixedSource));

        [Fact]
        public Task Await_Thread_Sleep_TimeSpan_Zero_becomes_Task_Yield_as_in_ASYNC030()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        {|CS4008:await Thread.Sleep(TimeSpan.Zero)|};\n    }"),
                Code("    async Task M()\n    {\n        await Task.Yield();\n    }"));

        [Fact]
        public Task The_token_overload_is_preferred_when_a_token_is_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("    class Store { public void Flush() { } public Task FlushAsync() => Task.CompletedTask; public Task FlushAsync(CancellationToken token) => Task.CompletedTask; }\n    async Task M(Store store, CancellationToken ct)\n    {\n        {|CS4008:await store.Flush()|};\n    }"),
                Code("    class Store { public void Flush() { } public Task FlushAsync() => Task.CompletedTask; public Task FlushAsync(CancellationToken token) => Task.CompletedTask; }\n    async Task M(Store store, CancellationToken ct)\n    {\n        await store.FlushAsync(token: ct);\n    }"));

        [Fact]
        public Task Without_a_token_the_plain_overload_is_used()
            => Verify.VerifyCodeFixAsync(
                Code("    class Store { public void Flush() { } public Task FlushAsync(CancellationToken token) => Task.CompletedTask; public Task FlushAsync() => Task.CompletedTask; }\n    async Task M(Store store)\n    {\n        {|CS4008:await store.Flush()|};\n    }"),
                Code("    class Store { public void Flush() { } public Task FlushAsync(CancellationToken token) => Task.CompletedTask; public Task FlushAsync() => Task.CompletedTask; }\n    async Task M(Store store)\n    {\n        await store.FlushAsync();\n    }"));

        [Theory]
        [InlineData("    void Read() { }\n    Task ReadAsync()\n    {\n        Func<Task> f = async () => {|CS4008:await Read()|};\n        return f();\n    }", "    void Read() { }\n    Task ReadAsync()\n    {\n        Func<Task> f = async () => Read();\n        return f();\n    }")]
        [InlineData("    class MyStream : System.IO.MemoryStream\n    {\n        public override async Task FlushAsync(CancellationToken cancellationToken)\n        {\n            {|CS4008:await Flush()|};\n        }\n    }", "    class MyStream : System.IO.MemoryStream\n    {\n        public override async Task FlushAsync(CancellationToken cancellationToken)\n        {\n            Flush();\n        }\n    }")]
        public Task Never_suggests_a_function_the_call_sits_in_nor_one_it_overrides(string source, string fixedSource)
            => Verify.VerifyCodeFixAsync(Code(source), Code(fixedSource));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1()\n    {\n        {|CS4008:await Thread.Sleep(1)|};\n        {|CS4008:await Thread.Sleep(2)|};\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1()\n    {\n        {|CS4008:await Thread.Sleep(3)|};\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1()\n    {\n        await Task.Delay(1);\n        await Task.Delay(2);\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1()\n    {\n        await Task.Delay(3);\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }
    }
}
