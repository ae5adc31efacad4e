using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncRules.Tests.Helpers
{
    /// <summary>
    /// <see cref="KnownSymbols"/> is made once per compilation and shared by every analyzer and fix; each of its types is looked up
    /// on first use, once, even when threads ask at the same time; its types are found even when a name is defined twice
    /// (<see cref="TypeLookup"/>).
    /// </summary>
    public class KnownSymbolsTests
    {
        internal const string AsyncStreamPolyfill =
            "namespace System.Collections.Generic\n"
            + "{\n"
            + "    {0} interface IAsyncEnumerable<out T> { IAsyncEnumerator<T> GetAsyncEnumerator(System.Threading.CancellationToken cancellationToken = default); }\n"
            + "    {0} interface IAsyncEnumerator<out T> : System.IAsyncDisposable { T Current { get; } System.Threading.Tasks.ValueTask<bool> MoveNextAsync(); }\n"
            + "}\n";

        [Fact]
        public void A_compilation_has_one_instance_however_often_it_is_asked()
        {
            var compilation = Compile("class C { }");

            var first = KnownSymbols.For(compilation);

            Assert.NotNull(first);
            Assert.Same(first, KnownSymbols.For(compilation));
            Assert.Same(first!.Awaitables, KnownSymbols.For(compilation)!.Awaitables);
        }

        [Fact]
        public void Analyzers_asking_at_the_same_time_get_the_same_instance()
        {
            var compilation = Compile("class C { }");

            var answers = new KnownSymbols?[64];
            Parallel.For(0, answers.Length, i => answers[i] = KnownSymbols.For(compilation));

            Assert.All(answers, a => Assert.Same(answers[0], a));
            Assert.NotNull(answers[0]);
        }

        [Fact]
        public void Another_compilation_gets_its_own_instance()
        {
            var compilation = Compile("class C { }");
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }"));

            Assert.NotSame(KnownSymbols.For(compilation), KnownSymbols.For(edited));
            Assert.Same(edited, KnownSymbols.For(edited)!.Compilation);
        }

        [Fact]
        public void A_compilation_without_Task_has_none()
        {
            var compilation = CSharpCompilation.Create("NoReferences", new[] { CSharpSyntaxTree.ParseText("class C { }") });

            Assert.Null(KnownSymbols.For(compilation));
            Assert.Null(KnownSymbols.For(compilation));
        }

        [Fact]
        public void Types_asked_from_many_threads_at_once_are_resolved_to_one_answer_each()
        {
            // The core library alone: it has Task and MemoryStream, not the pipelines (a missing type is an answer too).
            var compilation = CSharpCompilation.Create(
                "CoreOnly",
                new[] { CSharpSyntaxTree.ParseText("class C { }") },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });

            var answers = new (KnownSymbols Symbols, INamedTypeSymbol Task, INamedTypeSymbol? TaskOfT, INamedTypeSymbol? Pipe, IPropertySymbol? Token, ImmutableHashSet<INamedTypeSymbol> InMemory)[64];
            Parallel.For(0, answers.Length, i =>
            {
                var symbols = KnownSymbols.For(compilation)!;
                answers[i] = (symbols, symbols.Task, symbols.TaskOfT, symbols.Pipe, symbols.CancellationTokenSourceToken, symbols.InMemoryIoTypes);
            });

            var first = answers[0];
            Assert.Same(compilation.FindType("System.Threading.Tasks.Task"), first.Task);
            Assert.Same(compilation.FindType("System.Threading.Tasks.Task`1"), first.TaskOfT);
            Assert.Null(first.Pipe);
            Assert.Equal("Token", first.Token?.Name);
            Assert.Contains(compilation.FindType("System.IO.MemoryStream")!, first.InMemory);
            Assert.All(answers, a =>
            {
                Assert.Same(first.Symbols, a.Symbols);
                Assert.Same(first.Task, a.Task);
                Assert.Same(first.TaskOfT, a.TaskOfT);
                Assert.Null(a.Pipe);
                Assert.Same(first.Token, a.Token);
                Assert.Same(first.InMemory, a.InMemory);
            });
        }

        [Fact]
        public void Task_declared_in_source_of_a_compilation_without_a_core_library_is_found()
        {
            // No reference at all, so no core library to ask first: the full lookup finds the source's own Task.
            var compilation = CSharpCompilation.Create("OwnTask", new[] { CSharpSyntaxTree.ParseText("namespace System.Threading.Tasks { public class Task { } }") });

            var symbols = KnownSymbols.For(compilation);

            Assert.NotNull(symbols);
            Assert.Same(compilation.Assembly, symbols!.Task.ContainingAssembly);
        }

        [Fact]
        public void A_type_polyfilled_in_source_is_the_source_one()
        {
            var compilation = Compile(AsyncStreamPolyfill.Replace("{0}", "public"));

            var stream = KnownSymbols.For(compilation)!.IAsyncEnumerableOfT;

            Assert.NotNull(stream);
            Assert.Same(compilation.Assembly, stream!.ContainingAssembly);
        }

        [Fact]
        public void A_type_polyfilled_in_a_reference_is_still_the_core_library_one()
        {
            var polyfill = Reference("Polyfill", AsyncStreamPolyfill.Replace("{0}", "public"));
            var compilation = Compile("class C { }", polyfill);

            var stream = KnownSymbols.For(compilation)!.IAsyncEnumerableOfT;

            Assert.NotNull(stream);
            Assert.Same(compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly, stream!.ContainingAssembly);
        }

        /// <summary>
        /// The shape of a netstandard library that references Microsoft.Bcl.AsyncInterfaces and another library with an internal
        /// copy of <c>IAsyncEnumerable&lt;T&gt;</c>: two definitions outside the core library, one of them out of reach.
        /// </summary>
        [Fact]
        public void An_internal_copy_in_a_reference_does_not_hide_the_type_the_code_sees()
        {
            var polyfill = Reference("InternalPolyfill", "namespace System.Threading { internal class Thread { } }");
            var compilation = Compile("class C { }", polyfill);
            Assert.Null(compilation.GetTypeByMetadataName("System.Threading.Thread")); // the raw lookup gives up on two definitions

            var thread = KnownSymbols.For(compilation)!.Thread;

            Assert.NotNull(thread);
            Assert.Equal("System.Threading.Thread", thread!.ContainingAssembly.Name);
        }

        [Fact]
        public void Two_equal_definitions_outside_the_core_library_give_no_answer()
        {
            const string Source = "namespace Shared { public class Thing { } }";
            var compilation = Compile("class C { }", Reference("One", Source), Reference("Two", Source));

            Assert.Null(compilation.GetTypeByMetadataName("Shared.Thing"));
            Assert.Null(compilation.FindType("Shared.Thing"));
        }

        [Fact]
        public void A_type_only_one_reference_can_be_seen_from_is_that_one()
        {
            var compilation = Compile("class C { }", Reference("Hidden", "namespace Shared { internal class Thing { } }"), Reference("Shown", "namespace Shared { public class Thing { } }"));

            Assert.Equal("Shown", compilation.FindType("Shared.Thing")?.ContainingAssembly.Name);
        }

        private static CSharpCompilation Compile(string source, params MetadataReference[] references)
            => CSharpCompilation.Create(
                "Test",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.All.Concat(references),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        internal static MetadataReference Reference(string name, string source)
        {
            var compilation = Compile(source).WithAssemblyName(name);
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return MetadataReference.CreateFromImage(image.ToArray());
        }
    }
}
