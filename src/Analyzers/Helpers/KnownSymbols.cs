using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The well-known types the rules and fixes ask about, resolved once per compilation (<see cref="For"/>, one instance shared
    /// by every analyzer and fix) so that no operation callback ever looks a type up by name. Types are found through
    /// <see cref="TypeLookup"/>, which tolerates a type defined twice.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private static readonly ConditionalWeakTable<Compilation, Entry> Cache = new();

        private AwaitableTypes? awaitables;

        private KnownSymbols(Compilation compilation, INamedTypeSymbol task)
        {
            Compilation = compilation;
            Task = task;
            TaskOfT = compilation.FindType("System.Threading.Tasks.Task`1");
            ValueTask = compilation.FindType("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.FindType("System.Threading.Tasks.ValueTask`1");
            ConfiguredTaskAwaitable = compilation.FindType("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.FindType("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = compilation.FindType("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = compilation.FindType("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            TaskStatus = compilation.FindType("System.Threading.Tasks.TaskStatus");
            Thread = compilation.FindType("System.Threading.Thread");
            CancellationToken = compilation.FindType("System.Threading.CancellationToken");
            TimeSpan = compilation.FindType("System.TimeSpan");
            LambdaExpression = compilation.FindType("System.Linq.Expressions.LambdaExpression");
            EventArgs = compilation.FindType("System.EventArgs");
            Exception = compilation.FindType("System.Exception");
            AggregateException = compilation.FindType("System.AggregateException");
            Console = compilation.FindType("System.Console");
            TextWriter = compilation.FindType("System.IO.TextWriter");
            CancellationTokenSource = compilation.FindType("System.Threading.CancellationTokenSource");
            CancellationTokenSourceToken = CancellationTokenSource?.GetMembers("Token").OfType<IPropertySymbol>().FirstOrDefault();
            CancellationTokenRegistration = compilation.FindType("System.Threading.CancellationTokenRegistration");
            ThreadingTimer = compilation.FindType("System.Threading.Timer");
            IQueryable = compilation.FindType("System.Linq.IQueryable");
            Queryable = compilation.FindType("System.Linq.Queryable");
            SemaphoreSlim = compilation.FindType("System.Threading.SemaphoreSlim");
            BlockingCollectionOfT = compilation.FindType("System.Collections.Concurrent.BlockingCollection`1");
            FlagsAttribute = compilation.FindType("System.FlagsAttribute");
            Pipe = compilation.FindType("System.IO.Pipelines.Pipe");
            PipeWriter = compilation.FindType("System.IO.Pipelines.PipeWriter");
            PipeReader = compilation.FindType("System.IO.Pipelines.PipeReader");
            var inMemory = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in new[] { "System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter" })
            {
                if (compilation.FindType(name) is { } type)
                {
                    inMemory.Add(type);
                }
            }

            InMemoryIoTypes = inMemory.ToImmutable();
            var channels = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in new[] { "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter" })
            {
                if (compilation.FindType(name) is { } type)
                {
                    channels.Add(type);
                }
            }

            IoChannelTypes = channels.ToImmutable();
            IAsyncEnumerableOfT = compilation.FindType("System.Collections.Generic.IAsyncEnumerable`1");
            IAsyncEnumeratorOfT = compilation.FindType("System.Collections.Generic.IAsyncEnumerator`1");
            IAsyncDisposable = compilation.FindType("System.IAsyncDisposable");
            EnumeratorCancellationAttribute = compilation.FindType("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
            ConfiguredCancelableAsyncEnumerableOfT = compilation.FindType("System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1");
            TaskAsyncEnumerableExtensions = compilation.FindType("System.Threading.Tasks.TaskAsyncEnumerableExtensions");
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol? TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }

        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }

        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }

        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }

        public INamedTypeSymbol? TaskStatus { get; }

        public INamedTypeSymbol? Thread { get; }

        public INamedTypeSymbol? CancellationToken { get; }

        public INamedTypeSymbol? TimeSpan { get; }

        public INamedTypeSymbol? LambdaExpression { get; }

        public INamedTypeSymbol? EventArgs { get; }

        public INamedTypeSymbol? Exception { get; }

        public INamedTypeSymbol? AggregateException { get; }

        public INamedTypeSymbol? Console { get; }

        public INamedTypeSymbol? TextWriter { get; }

        public INamedTypeSymbol? CancellationTokenSource { get; }

        /// <summary><c>CancellationTokenSource.Token</c>.</summary>
        public IPropertySymbol? CancellationTokenSourceToken { get; }

        public INamedTypeSymbol? CancellationTokenRegistration { get; }

        public INamedTypeSymbol? ThreadingTimer { get; }

        /// <summary>The non-generic <c>System.Linq.IQueryable</c>, which every query implements.</summary>
        public INamedTypeSymbol? IQueryable { get; }

        /// <summary>Home of <c>AsQueryable</c> and the query operators over <c>IQueryable&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol? Queryable { get; }

        public INamedTypeSymbol? SemaphoreSlim { get; }

        public INamedTypeSymbol? BlockingCollectionOfT { get; }

        public INamedTypeSymbol? FlagsAttribute { get; }

        /// <summary><c>System.IO.Pipelines.Pipe</c>: a sealed in-memory pipe; its <c>Writer</c> and <c>Reader</c> are in memory.</summary>
        public INamedTypeSymbol? Pipe { get; }

        public INamedTypeSymbol? PipeWriter { get; }

        public INamedTypeSymbol? PipeReader { get; }

        /// <summary>Streams, readers and writers whose "I/O" is in memory: MemoryStream, UnmanagedMemoryStream, StringReader, StringWriter.</summary>
        public ImmutableHashSet<INamedTypeSymbol> InMemoryIoTypes { get; }

        /// <summary>The bases of what a call reads from or writes to: Stream, TextReader, TextWriter.</summary>
        public ImmutableHashSet<INamedTypeSymbol> IoChannelTypes { get; }

        public INamedTypeSymbol? IAsyncEnumerableOfT { get; }

        public INamedTypeSymbol? IAsyncEnumeratorOfT { get; }

        public INamedTypeSymbol? IAsyncDisposable { get; }

        public INamedTypeSymbol? EnumeratorCancellationAttribute { get; }

        /// <summary>What <c>stream.ConfigureAwait(..)</c> and <c>stream.WithCancellation(..)</c> return: still the stream.</summary>
        public INamedTypeSymbol? ConfiguredCancelableAsyncEnumerableOfT { get; }

        /// <summary>Home of <c>ToBlockingEnumerable</c>, <c>WithCancellation</c> and <c>ConfigureAwait</c> for async streams.</summary>
        public INamedTypeSymbol? TaskAsyncEnumerableExtensions { get; }

        /// <summary>
        /// What every rule and every fix can await with, the one cache of <see cref="AwaitableTypes"/> answers for this compilation.
        /// </summary>
        public AwaitableTypes Awaitables => LazyInitializer.EnsureInitialized(ref awaitables, () => new AwaitableTypes(this))!;

        /// <summary>
        /// The symbols of <paramref name="compilation"/>, resolved on first use and then shared by every analyzer and fix that asks
        /// for the same compilation (analyzers run concurrently: the first to finish resolving wins and all get that one). The
        /// table holds the compilation weakly, so it never keeps one alive. Null when the compilation has no Task at all
        /// (nothing to analyze).
        /// </summary>
        public static KnownSymbols? For(Compilation compilation)
            => Cache.GetValue(compilation, c => new Entry(c.FindType("System.Threading.Tasks.Task") is { } task ? new KnownSymbols(c, task) : null)).Symbols;

        /// <summary>Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; (or a type derived from Task).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            return IsValueTaskOrValueTaskOfT(named) || IsTaskOrDerived(named);
        }

        /// <summary>The four types an async method may return: Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; (not a class derived from Task).</summary>
        public bool IsTaskOrValueTask(ITypeSymbol? type) => IsTaskOrTaskOfT(type) || IsValueTaskOrValueTaskOfT(type);

        /// <summary>Task or Task&lt;T&gt; itself, not a class derived from them.</summary>
        public bool IsTaskOrTaskOfT(ITypeSymbol? type)
            => type is not null && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Task) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, TaskOfT));

        /// <summary>ValueTask or ValueTask&lt;T&gt;.</summary>
        public bool IsValueTaskOrValueTaskOfT(ITypeSymbol? type)
            => type is not null && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ValueTask) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ValueTaskOfT));

        /// <summary>Task, Task&lt;T&gt; or a class derived from them.</summary>
        public bool IsTaskOrDerived(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (IsTaskOrTaskOfT(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The awaitables <c>ConfigureAwait</c> returns for tasks and value tasks.</summary>
        public bool IsConfiguredTaskAwaitable(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            return definition is not null
                && (SymbolEqualityComparer.Default.Equals(definition, ConfiguredTaskAwaitable)
                    || SymbolEqualityComparer.Default.Equals(definition, ConfiguredTaskAwaitableOfT)
                    || SymbolEqualityComparer.Default.Equals(definition, ConfiguredValueTaskAwaitable)
                    || SymbolEqualityComparer.Default.Equals(definition, ConfiguredValueTaskAwaitableOfT));
        }

        /// <summary>
        /// An async stream: <c>IAsyncEnumerable&lt;T&gt;</c>, a type implementing it, or the configured stream that
        /// <c>ConfigureAwait</c>/<c>WithCancellation</c> return (a <c>ConfigureAwait(false)</c> chain is still the stream).
        /// </summary>
        public bool IsAsyncStream(ITypeSymbol? type)
        {
            if (type is null || IAsyncEnumerableOfT is null)
            {
                return false;
            }

            var definition = type.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, IAsyncEnumerableOfT)
                || SymbolEqualityComparer.Default.Equals(definition, ConfiguredCancelableAsyncEnumerableOfT))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, IAsyncEnumerableOfT))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>IAsyncEnumerator&lt;T&gt;</c> or a type implementing it.</summary>
        public bool IsAsyncEnumerator(ITypeSymbol? type)
        {
            if (type is null || IAsyncEnumeratorOfT is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, IAsyncEnumeratorOfT))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, IAsyncEnumeratorOfT))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A static method of <c>TaskAsyncEnumerableExtensions</c> with this name (<c>ToBlockingEnumerable</c>, <c>WithCancellation</c>...).</summary>
        public bool IsAsyncStreamExtension(IMethodSymbol? method, string name)
            => method is not null && method.Name == name && TaskAsyncEnumerableExtensions is not null
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, TaskAsyncEnumerableExtensions);

        public bool IsTask(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Task);

        public bool IsCancellationToken(ITypeSymbol? type) => CancellationToken is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

        /// <summary>A table entry, so that a compilation without Task is remembered as such too.</summary>
        private sealed class Entry
        {
            public Entry(KnownSymbols? symbols) => Symbols = symbols;

            public KnownSymbols? Symbols { get; }
        }
    }
}
