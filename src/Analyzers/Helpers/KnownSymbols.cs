using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The well-known types the rules and fixes ask about, resolved once per compilation (<see cref="For"/>, one instance shared
    /// by every analyzer and fix). Each type is looked up the first time anyone asks for it and then kept: a lookup by name
    /// loads that namespace of every referenced assembly, and most compilations never need most of these types (the
    /// pipelines, the async streams, Console), so only what a rule reaches is paid for. Types are found through
    /// <see cref="TypeLookup"/>, which tolerates a type defined twice.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private static readonly ConditionalWeakTable<Compilation, Entry> Cache = new();

        private AwaitableTypes? awaitables;

        private Box<INamedTypeSymbol?>? taskOfT;
        private Box<INamedTypeSymbol?>? valueTask;
        private Box<INamedTypeSymbol?>? valueTaskOfT;
        private Box<INamedTypeSymbol?>? configuredTaskAwaitable;
        private Box<INamedTypeSymbol?>? configuredTaskAwaitableOfT;
        private Box<INamedTypeSymbol?>? configuredValueTaskAwaitable;
        private Box<INamedTypeSymbol?>? configuredValueTaskAwaitableOfT;
        private Box<INamedTypeSymbol?>? taskStatus;
        private Box<INamedTypeSymbol?>? thread;
        private Box<INamedTypeSymbol?>? cancellationToken;
        private Box<INamedTypeSymbol?>? timeSpan;
        private Box<INamedTypeSymbol?>? lambdaExpression;
        private Box<INamedTypeSymbol?>? eventArgs;
        private Box<INamedTypeSymbol?>? exception;
        private Box<INamedTypeSymbol?>? aggregateException;
        private Box<INamedTypeSymbol?>? console;
        private Box<INamedTypeSymbol?>? textWriter;
        private Box<INamedTypeSymbol?>? cancellationTokenSource;
        private Box<INamedTypeSymbol?>? cancellationTokenRegistration;
        private Box<INamedTypeSymbol?>? threadingTimer;
        private Box<INamedTypeSymbol?>? iQueryable;
        private Box<INamedTypeSymbol?>? queryable;
        private Box<INamedTypeSymbol?>? semaphoreSlim;
        private Box<INamedTypeSymbol?>? blockingCollectionOfT;
        private Box<INamedTypeSymbol?>? flagsAttribute;
        private Box<INamedTypeSymbol?>? pipe;
        private Box<INamedTypeSymbol?>? pipeWriter;
        private Box<INamedTypeSymbol?>? pipeReader;
        private Box<INamedTypeSymbol?>? iAsyncEnumerableOfT;
        private Box<INamedTypeSymbol?>? iAsyncEnumeratorOfT;
        private Box<INamedTypeSymbol?>? iAsyncDisposable;
        private Box<INamedTypeSymbol?>? enumeratorCancellationAttribute;
        private Box<INamedTypeSymbol?>? configuredCancelableAsyncEnumerableOfT;
        private Box<INamedTypeSymbol?>? taskAsyncEnumerableExtensions;
        private Box<IPropertySymbol?>? cancellationTokenSourceToken;
        private Box<ImmutableHashSet<INamedTypeSymbol>>? inMemoryIoTypes;
        private Box<ImmutableHashSet<INamedTypeSymbol>>? ioChannelTypes;

        private const string TaskName = "System.Threading.Tasks.Task";

        private Box<INamedTypeSymbol?>? task;

        private KnownSymbols(Compilation compilation) => Compilation = compilation;

        public Compilation Compilation { get; }

        /// <summary>Never null: <see cref="For"/> makes no instance for a compilation without it.</summary>
        public INamedTypeSymbol Task => (Volatile.Read(ref task) ?? Resolve(ref task, TaskName)).Value!;

        public INamedTypeSymbol? TaskOfT => (Volatile.Read(ref taskOfT) ?? Resolve(ref taskOfT, "System.Threading.Tasks.Task`1")).Value;

        public INamedTypeSymbol? ValueTask => (Volatile.Read(ref valueTask) ?? Resolve(ref valueTask, "System.Threading.Tasks.ValueTask")).Value;

        public INamedTypeSymbol? ValueTaskOfT => (Volatile.Read(ref valueTaskOfT) ?? Resolve(ref valueTaskOfT, "System.Threading.Tasks.ValueTask`1")).Value;

        public INamedTypeSymbol? ConfiguredTaskAwaitable => (Volatile.Read(ref configuredTaskAwaitable) ?? Resolve(ref configuredTaskAwaitable, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable")).Value;

        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT => (Volatile.Read(ref configuredTaskAwaitableOfT) ?? Resolve(ref configuredTaskAwaitableOfT, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1")).Value;

        public INamedTypeSymbol? ConfiguredValueTaskAwaitable => (Volatile.Read(ref configuredValueTaskAwaitable) ?? Resolve(ref configuredValueTaskAwaitable, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable")).Value;

        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT => (Volatile.Read(ref configuredValueTaskAwaitableOfT) ?? Resolve(ref configuredValueTaskAwaitableOfT, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1")).Value;

        public INamedTypeSymbol? TaskStatus => (Volatile.Read(ref taskStatus) ?? Resolve(ref taskStatus, "System.Threading.Tasks.TaskStatus")).Value;

        public INamedTypeSymbol? Thread => (Volatile.Read(ref thread) ?? Resolve(ref thread, "System.Threading.Thread")).Value;

        public INamedTypeSymbol? CancellationToken => (Volatile.Read(ref cancellationToken) ?? Resolve(ref cancellationToken, "System.Threading.CancellationToken")).Value;

        public INamedTypeSymbol? TimeSpan => (Volatile.Read(ref timeSpan) ?? Resolve(ref timeSpan, "System.TimeSpan")).Value;

        public INamedTypeSymbol? LambdaExpression => (Volatile.Read(ref lambdaExpression) ?? Resolve(ref lambdaExpression, "System.Linq.Expressions.LambdaExpression")).Value;

        public INamedTypeSymbol? EventArgs => (Volatile.Read(ref eventArgs) ?? Resolve(ref eventArgs, "System.EventArgs")).Value;

        public INamedTypeSymbol? Exception => (Volatile.Read(ref exception) ?? Resolve(ref exception, "System.Exception")).Value;

        public INamedTypeSymbol? AggregateException => (Volatile.Read(ref aggregateException) ?? Resolve(ref aggregateException, "System.AggregateException")).Value;

        public INamedTypeSymbol? Console => (Volatile.Read(ref console) ?? Resolve(ref console, "System.Console")).Value;

        public INamedTypeSymbol? TextWriter => (Volatile.Read(ref textWriter) ?? Resolve(ref textWriter, "System.IO.TextWriter")).Value;

        public INamedTypeSymbol? CancellationTokenSource => (Volatile.Read(ref cancellationTokenSource) ?? Resolve(ref cancellationTokenSource, "System.Threading.CancellationTokenSource")).Value;

        /// <summary><c>CancellationTokenSource.Token</c>.</summary>
        public IPropertySymbol? CancellationTokenSourceToken
            => (Volatile.Read(ref cancellationTokenSourceToken) ?? Publish(ref cancellationTokenSourceToken, CancellationTokenSource?.GetMembers("Token").OfType<IPropertySymbol>().FirstOrDefault())).Value;

        public INamedTypeSymbol? CancellationTokenRegistration => (Volatile.Read(ref cancellationTokenRegistration) ?? Resolve(ref cancellationTokenRegistration, "System.Threading.CancellationTokenRegistration")).Value;

        public INamedTypeSymbol? ThreadingTimer => (Volatile.Read(ref threadingTimer) ?? Resolve(ref threadingTimer, "System.Threading.Timer")).Value;

        /// <summary>The non-generic <c>System.Linq.IQueryable</c>, which every query implements.</summary>
        public INamedTypeSymbol? IQueryable => (Volatile.Read(ref iQueryable) ?? Resolve(ref iQueryable, "System.Linq.IQueryable")).Value;

        /// <summary>Home of <c>AsQueryable</c> and the query operators over <c>IQueryable&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol? Queryable => (Volatile.Read(ref queryable) ?? Resolve(ref queryable, "System.Linq.Queryable")).Value;

        public INamedTypeSymbol? SemaphoreSlim => (Volatile.Read(ref semaphoreSlim) ?? Resolve(ref semaphoreSlim, "System.Threading.SemaphoreSlim")).Value;

        public INamedTypeSymbol? BlockingCollectionOfT => (Volatile.Read(ref blockingCollectionOfT) ?? Resolve(ref blockingCollectionOfT, "System.Collections.Concurrent.BlockingCollection`1")).Value;

        public INamedTypeSymbol? FlagsAttribute => (Volatile.Read(ref flagsAttribute) ?? Resolve(ref flagsAttribute, "System.FlagsAttribute")).Value;

        /// <summary><c>System.IO.Pipelines.Pipe</c>: a sealed in-memory pipe; its <c>Writer</c> and <c>Reader</c> are in memory.</summary>
        public INamedTypeSymbol? Pipe => (Volatile.Read(ref pipe) ?? Resolve(ref pipe, "System.IO.Pipelines.Pipe")).Value;

        public INamedTypeSymbol? PipeWriter => (Volatile.Read(ref pipeWriter) ?? Resolve(ref pipeWriter, "System.IO.Pipelines.PipeWriter")).Value;

        public INamedTypeSymbol? PipeReader => (Volatile.Read(ref pipeReader) ?? Resolve(ref pipeReader, "System.IO.Pipelines.PipeReader")).Value;

        /// <summary>Streams, readers and writers whose "I/O" is in memory: MemoryStream, UnmanagedMemoryStream, StringReader, StringWriter.</summary>
        public ImmutableHashSet<INamedTypeSymbol> InMemoryIoTypes
            => (Volatile.Read(ref inMemoryIoTypes) ?? Publish(ref inMemoryIoTypes, TypeSet("System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter"))).Value;

        /// <summary>The bases of what a call reads from or writes to: Stream, TextReader, TextWriter.</summary>
        public ImmutableHashSet<INamedTypeSymbol> IoChannelTypes
            => (Volatile.Read(ref ioChannelTypes) ?? Publish(ref ioChannelTypes, TypeSet("System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter"))).Value;

        public INamedTypeSymbol? IAsyncEnumerableOfT => (Volatile.Read(ref iAsyncEnumerableOfT) ?? Resolve(ref iAsyncEnumerableOfT, "System.Collections.Generic.IAsyncEnumerable`1")).Value;

        public INamedTypeSymbol? IAsyncEnumeratorOfT => (Volatile.Read(ref iAsyncEnumeratorOfT) ?? Resolve(ref iAsyncEnumeratorOfT, "System.Collections.Generic.IAsyncEnumerator`1")).Value;

        public INamedTypeSymbol? IAsyncDisposable => (Volatile.Read(ref iAsyncDisposable) ?? Resolve(ref iAsyncDisposable, "System.IAsyncDisposable")).Value;

        public INamedTypeSymbol? EnumeratorCancellationAttribute => (Volatile.Read(ref enumeratorCancellationAttribute) ?? Resolve(ref enumeratorCancellationAttribute, "System.Runtime.CompilerServices.EnumeratorCancellationAttribute")).Value;

        /// <summary>What <c>stream.ConfigureAwait(..)</c> and <c>stream.WithCancellation(..)</c> return: still the stream.</summary>
        public INamedTypeSymbol? ConfiguredCancelableAsyncEnumerableOfT => (Volatile.Read(ref configuredCancelableAsyncEnumerableOfT) ?? Resolve(ref configuredCancelableAsyncEnumerableOfT, "System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1")).Value;

        /// <summary>Home of <c>ToBlockingEnumerable</c>, <c>WithCancellation</c> and <c>ConfigureAwait</c> for async streams.</summary>
        public INamedTypeSymbol? TaskAsyncEnumerableExtensions => (Volatile.Read(ref taskAsyncEnumerableExtensions) ?? Resolve(ref taskAsyncEnumerableExtensions, "System.Threading.Tasks.TaskAsyncEnumerableExtensions")).Value;

        /// <summary>
        /// What every rule and every fix can await with, the one cache of <see cref="AwaitableTypes"/> answers for this compilation.
        /// </summary>
        public AwaitableTypes Awaitables => LazyInitializer.EnsureInitialized(ref awaitables, () => new AwaitableTypes(this))!;

        /// <summary>
        /// The symbols of <paramref name="compilation"/>, shared by every analyzer and fix that asks for the same compilation
        /// (analyzers run concurrently: the first instance published wins and all get that one). Only Task is looked up here;
        /// every other type on its first use. The table holds the compilation weakly, so it never keeps one alive. Null when
        /// the compilation has no Task at all (nothing to analyze).
        /// </summary>
        public static KnownSymbols? For(Compilation compilation)
            => Cache.GetValue(compilation, c => new Entry(HasTask(c) ? new KnownSymbols(c) : null)).Symbols;

        /// <summary>
        /// Whether <see cref="TypeLookup.FindType"/> finds Task, asked as cheaply as possible: when the core library has it, the
        /// lookup can only succeed (it falls back to the core library's), and only that one library was read to know it. The
        /// full lookup, which reads the namespace in the compilation and every reference, waits for the first rule that asks.
        /// </summary>
        private static bool HasTask(Compilation compilation)
            => compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly?.GetTypeByMetadataName(TaskName) is not null
               || compilation.FindType(TaskName) is not null;

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

        /// <summary>
        /// Looks <paramref name="metadataName"/> up and publishes the answer in <paramref name="slot"/> (a missing type is an answer
        /// too). Two threads asking at once may both look it up; the first answer published is the one every caller gets.
        /// </summary>
        private Box<INamedTypeSymbol?> Resolve(ref Box<INamedTypeSymbol?>? slot, string metadataName)
            => Publish(ref slot, Compilation.FindType(metadataName));

        private static Box<T> Publish<T>(ref Box<T>? slot, T value)
        {
            var box = new Box<T>(value);
            return Interlocked.CompareExchange(ref slot, box, null) ?? box;
        }

        private ImmutableHashSet<INamedTypeSymbol> TypeSet(params string[] metadataNames)
        {
            var types = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in metadataNames)
            {
                if (Compilation.FindType(name) is { } type)
                {
                    types.Add(type);
                }
            }

            return types.ToImmutable();
        }

        /// <summary>One resolved answer, null included: a slot that holds a box has been resolved.</summary>
        private sealed class Box<T>
        {
            public Box(T value) => Value = value;

            public T Value { get; }
        }

        /// <summary>A table entry, so that a compilation without Task is remembered as such too.</summary>
        private sealed class Entry
        {
            public Entry(KnownSymbols? symbols) => Symbols = symbols;

            public KnownSymbols? Symbols { get; }
        }
    }
}
