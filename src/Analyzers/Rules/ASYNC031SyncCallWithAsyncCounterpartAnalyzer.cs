using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC031: in async code, a synchronous call that has an async counterpart (<see cref="AsyncCounterparts"/>):
    /// <c>File.ReadAllText</c>, <c>stream.Read</c>, <c>reader.ReadLine</c>, <c>semaphore.Wait()</c>... The coroutine holds its
    /// thread for the whole I/O or wait. Precision (docs/rules/ASYNC031.md): never on in-memory I/O (MemoryStream, StringReader, StringWriter, a Pipe's ends),
    /// Console writes, DbSet.Add/AddRange, SemaphoreSlim.Wait(0), CancellationTokenRegistration.Dispose, a query over a loaded
    /// collection (<c>list.AsQueryable()</c>), the waits ASYNC010 reports, a counterpart that could bind back to the function
    /// the call is in (directly or through a wrapper), a counterpart that is only the base class's default calling the sync
    /// method (<c>sqlConnection.Close()</c>), a call whose every stream is in memory (<c>image.Save(new MemoryStream(), ..)</c>),
    /// or a Dispose/Close (or a pipe's Complete) while an exception propagates.
    /// <c>BlockingCollection.Take</c> is reported with advice (a Channel) and no fix: its counterpart is another type.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC031SyncCallWithAsyncCounterpartAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.SyncCallWithAsyncCounterpart,
            title: "Call the async counterpart in async code",
            messageFormat: "'{0}' blocks the thread until it returns; await '{1}' instead so other work can run meanwhile",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            description: "A coroutine that calls a synchronous I/O or wait method holds its thread for the whole operation, "
                + "though an async version exists that would hand the thread back until the result is ready.");

        /// <summary>Property key: the counterpart's name, for the fixer. Absent when the advice has no direct fix.</summary>
        internal const string CounterpartProperty = "Counterpart";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            var cache = new ConcurrentDictionary<(IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType), IMethodSymbol?>(MethodInScopeComparer.Instance);
            var scopes = new ImportScopes();
            var withoutCounterpart = new ConcurrentDictionary<(IMethodSymbol, int, ISymbol?, ITypeSymbol?), bool>(MethodInScopeComparer.Instance);
            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, cache, scopes, withoutCounterpart), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(
            OperationAnalysisContext context,
            KnownSymbols symbols,
            ConcurrentDictionary<(IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType), IMethodSymbol?> cache,
            ImportScopes scopes,
            ConcurrentDictionary<(IMethodSymbol, int, ISymbol?, ITypeSymbol?), bool> withoutCounterpart)
        {
            // Cheapest first: this runs on every call. Most calls have no counterpart, and that answer is cached.
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension) || method.Name.EndsWith("Async", System.StringComparison.Ordinal))
            {
                return;
            }

            if (IsBlockingCollectionTake(method, symbols))
            {
                if (AsyncContext.IsOnAsyncPath(invocation, context.ContainingSymbol) && !AsyncContext.IsInNameOf(invocation))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "BlockingCollection.Take", "ChannelReader.ReadAsync (use a Channel)"));
                }

                return;
            }

            if (invocation.SemanticModel is not { } semanticModel
                || !AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol)
                || AsyncContext.IsInNameOf(invocation))
            {
                return;
            }

            // An extension method called as one (xs.ToList()) reaches the operation in its static form (Enumerable.ToList(xs)); its
            // counterpart may live in another static class (ToListAsync), found through the receiver's type as the fixer finds it.
            // The receiver's type comes from the operation tree, so nothing is bound for it.
            var receiver = method.IsExtensionMethod && method.ReducedFrom is null && invocation.Instance is null && invocation.Arguments.Length > 0
                && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                && invocation.Arguments[0].Value.Syntax == access.Expression
                    ? Unconverted(invocation.Arguments[0].Value).Type
                    : null;

            // The lookup depends on the usings and namespaces in scope (extension methods) and, for a method of a source type, on
            // the calling type (its non-public members); a counterpart found for one calling type is re-checked for accessibility.
            // Most calls have none: that answer is kept per method definition and receiver kind (Select<A, B> over List<A> and
            // Select<C, D> over List<C> ask once).
            var callingType = context.ContainingSymbol.ContainingType;
            var scope = scopes.KeyOf(invocation.Syntax);
            var lookedUpOn = receiver ?? method.ContainingType;
            var accessKey = lookedUpOn is { } c && !c.Locations.IsEmpty && c.Locations[0].IsInSource ? AccessKey(lookedUpOn, method.Name, callingType) : null;
            var shape = (method.OriginalDefinition, scope, accessKey, (ITypeSymbol?)receiver?.OriginalDefinition);
            if (withoutCounterpart.ContainsKey(shape))
            {
                return;
            }

            var counterpart = cache.GetOrAdd(
                (method, scope, accessKey, receiver),
                key => AsyncCounterparts.Find(key.Method, semanticModel, invocation.Syntax.SpanStart, symbols, containingFunction: null, cancellationToken: context.CancellationToken, receiverType: key.ReceiverType));
            if (counterpart is null)
            {
                withoutCounterpart.TryAdd(shape, true);
                return;
            }

            if ((callingType is not null && !semanticModel.Compilation.IsSymbolAccessibleWithin(counterpart, callingType))
                || IsExempt(invocation, symbols)
                || AsyncCounterparts.CouldBindBack(counterpart, invocation.Syntax, AsyncContext.GetEnclosingFunction(invocation, context.ContainingSymbol) ?? context.ContainingSymbol, semanticModel.Compilation)
                || IsInMemoryQuery(invocation, symbols)
                || DualPathBranches.IsInSyncBranch(invocation)
                || AsyncCounterparts.AwaitsOnlyTheSyncDefault(counterpart, invocation.Instance is { } instance ? Unconverted(instance).Type : null, semanticModel.Compilation)
                || IsCleanupOnFailure(invocation, semanticModel, symbols)
                || WorksOnlyInMemory(invocation, symbols, callingType))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(CounterpartProperty, counterpart.Name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, counterpart.Name));
        }

        /// <summary>
        /// What, of the calling type, can change the lookup's answer for a source type (<paramref name="lookedUpOn"/>): its members
        /// named <c>MAsync</c> may be private or protected, so with one the calling type itself is the key. Without one, only
        /// extension methods can answer, and those differ between calling types only when private to their static class (seen
        /// from that class and the types nested in it): the calling type's outermost type is the key when it is a static class,
        /// else nothing, so that a method of a source type without counterpart is looked up once per import scope, not once per
        /// calling type (most calls in an application are to its own types).
        /// </summary>
        private static ISymbol? AccessKey(ITypeSymbol lookedUpOn, string name, INamedTypeSymbol? callingType)
        {
            if (lookedUpOn is not INamedTypeSymbol named || MayHaveMember(named, name + "Async"))
            {
                return callingType;
            }

            var outermost = callingType;
            while (outermost?.ContainingType is { } containing)
            {
                outermost = containing;
            }

            return outermost is { IsStatic: true } ? outermost : null;
        }

        /// <summary>A member of that name on the type, a base type or an interface (every place a lookup on the type searches, and more).</summary>
        private static bool MayHaveMember(INamedTypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.MemberNames.Contains(name))
                {
                    return true;
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (@interface.MemberNames.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The precision list: calls whose "blocking" is in memory, to the console, or already another rule's.</summary>
        private static bool IsExempt(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (BlockingWait.TryMatch(invocation, symbols, out _) || SleepCalls.IsThreadSleep(method, symbols))
            {
                return true; // ASYNC010's and ASYNC030's
            }

            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, symbols.Console))
            {
                return true;
            }

            // Console.Out.Write(..), Console.Error.WriteLine(..)
            if (invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Out" or "Error", IsStatic: true } stream }
                && SymbolEqualityComparer.Default.Equals(stream.ContainingType, symbols.Console))
            {
                return true;
            }

            // A plain TextWriter is a sink of unknown kind (Console.Out, a StringWriter, a log): its writes are console-like
            // output, not I/O a coroutine should await. A StreamWriter's are, and stay reported.
            if (SymbolEqualityComparer.Default.Equals(invocation.Instance?.Type, symbols.TextWriter) && method.Name.StartsWith("Write", System.StringComparison.Ordinal))
            {
                return true;
            }

            // CancellationTokenSource.Cancel waits for nothing; CancelAsync only moves its callbacks off the caller's thread.
            if (method.Name == "Cancel" && SymbolEqualityComparer.Default.Equals(type, symbols.CancellationTokenSource))
            {
                return true;
            }

            // CancellationTokenRegistration.Dispose unregisters a callback; it waits only for that callback if it is running
            // right now, and a callback is synchronous code. 'using var registration' is silent for the same reason.
            if (method.Name == "Dispose" && SymbolEqualityComparer.Default.Equals(type, symbols.CancellationTokenRegistration))
            {
                return true;
            }

            // Timer.Dispose() returns at once, without waiting for a running callback; DisposeAsync is the one that waits.
            if (method.Name == "Dispose" && method.Parameters.IsEmpty && SymbolEqualityComparer.Default.Equals(type, symbols.ThreadingTimer))
            {
                return true;
            }

            // EF Core: Add/AddRange's async forms exist for special value generators only.
            if (method.Name is "Add" or "AddRange" && type is { Name: "DbSet" or "DbContext" } && type.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
            {
                return true;
            }

            // SemaphoreSlim.Wait(0) / Wait(TimeSpan.Zero) only tries: it never blocks.
            return method.Name == "Wait" && SymbolEqualityComparer.Default.Equals(type, symbols.SemaphoreSlim)
                && invocation.Arguments.Length >= 1 && SleepCalls.IsZero(invocation.Arguments[0].Value, symbols);
        }

        /// <summary>
        /// In-memory I/O: every stream, reader or writer the call works on is in memory, and it works on at least one. Those are the
        /// receiver when it is one, and each argument passed for one (a parameter typed <c>Stream</c>, <c>TextReader</c>,
        /// <c>TextWriter</c>, a pipe's <c>PipeWriter</c> or <c>PipeReader</c>, or derived): <c>ms.Read(..)</c>, <c>image.Save(ms,
        /// encoder)</c>, <c>Image.Load(ms)</c>, <c>pipe.Writer.Complete()</c>. In memory means declared as an in-memory type
        /// (<see cref="KnownSymbols.InMemoryIoTypes"/>), an end of a <c>Pipe</c>, or a local whose every assigned value is a new one,
        /// a pipe's end (or null). Any other receiver or argument must have no I/O of its own (<see cref="HasNoIoOfItsOwn"/>): a blob client's
        /// <c>DownloadTo(ms)</c> reads the network into memory and stays reported, as does <c>ms.CopyTo(fileStream)</c>.
        /// </summary>
        private static bool WorksOnlyInMemory(IInvocationOperation invocation, KnownSymbols symbols, INamedTypeSymbol? within)
        {
            var method = invocation.TargetMethod;
            var receiver = AsyncStreams.Receiver(invocation);
            if (receiver is not null && Unconverted(receiver) is IInstanceReferenceOperation)
            {
                return false; // this object's own I/O: not known to be in memory
            }

            // First the streams, the cheap and usual answer (most calls have none); then the others, which must do no I/O of their own.
            var inMemory = 0;
            var receiverValue = receiver is null ? null : Unconverted(receiver);
            if (receiverValue is not null && IsChannel(receiverValue.Type, symbols))
            {
                if (!IsInMemory(receiverValue, invocation, symbols))
                {
                    return false;
                }

                inMemory++;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && !(method.IsExtensionMethod && parameter.Ordinal == 0) && IsChannel(parameter.Type, symbols))
                {
                    if (!IsInMemory(Unconverted(argument.Value), invocation, symbols))
                    {
                        return false;
                    }

                    inMemory++;
                }
            }

            if (inMemory == 0 || (receiverValue is not null && !IsChannel(receiverValue.Type, symbols) && !HasNoIoOfItsOwn(receiverValue.Type, symbols, within)))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && !(method.IsExtensionMethod && parameter.Ordinal == 0)
                    && !IsChannel(parameter.Type, symbols) && parameter.Type.IsReferenceType
                    && !HasNoIoOfItsOwn(Unconverted(argument.Value).Type ?? parameter.Type, symbols, within))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsChannel(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (symbols.IoChannelTypes.Contains(current)
                    || SymbolEqualityComparer.Default.Equals(current, symbols.PipeWriter) || SymbolEqualityComparer.Default.Equals(current, symbols.PipeReader))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>pipe.Writer</c> or <c>pipe.Reader</c> of a <c>System.IO.Pipelines.Pipe</c>: a sealed pipe whose two ends are in memory.</summary>
        private static bool IsInMemoryPipeEnd(IOperation value, KnownSymbols symbols)
            => symbols.Pipe is not null
               && Unconverted(value) is IPropertyReferenceOperation { Property: { Name: "Writer" or "Reader", IsStatic: false }, Instance: { Type: { } pipe } }
               && SymbolEqualityComparer.Default.Equals(pipe, symbols.Pipe);

        private static bool IsInMemoryType(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (symbols.InMemoryIoTypes.Contains(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A stream declared as an in-memory type, an end of a <c>Pipe</c> (<c>pipe.Writer</c>), or a local (not <c>ref</c>) whose every
        /// write in the whole body, lambdas and local functions included, stores a new in-memory object, a pipe's end or null:
        /// <c>Stream? s = null; .. s = new MemoryStream();</c>, <c>var writer = pipe.Writer;</c>. A local
        /// passed by <c>ref</c>/<c>out</c> or deconstructed into may hold anything.
        /// </summary>
        private static bool IsInMemory(IOperation value, IOperation call, KnownSymbols symbols)
        {
            if (IsInMemoryType(value.Type, symbols) || IsInMemoryPipeEnd(value, symbols))
            {
                return true;
            }

            if (value is not ILocalReferenceOperation { Local: { IsRef: false } local })
            {
                return false;
            }

            var root = call;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            var written = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            if (!IsNewInMemoryOrNull(initializer.Value, symbols))
                            {
                                return false;
                            }

                            written = true;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                        var parent = reference.Parent;
                        while (parent is IDeclarationExpressionOperation or IConversionOperation { IsImplicit: true })
                        {
                            parent = parent.Parent;
                        }

                        switch (parent)
                        {
                            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                                if (assignment.IsRef || !IsNewInMemoryOrNull(assignment.Value, symbols))
                                {
                                    return false;
                                }

                                written = true;
                                break;
                            case IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }:
                            case ICompoundAssignmentOperation:
                            case ICoalesceAssignmentOperation:
                            case ITupleOperation:
                            case IDeconstructionAssignmentOperation:
                            case ISimpleAssignmentOperation { IsRef: true }:
                            case IVariableInitializerOperation:
                                // written through a reference or a tuple, or aliased by a ref local: may hold anything
                                if (parent is not IVariableInitializerOperation || IsRefInitializer(parent))
                                {
                                    return false;
                                }

                                break;
                        }

                        break;
                }
            }

            return written;
        }

        private static bool IsRefInitializer(IOperation initializer)
            => initializer.Parent is IVariableDeclaratorOperation { Symbol.IsRef: true };

        private static bool IsNewInMemoryOrNull(IOperation value, KnownSymbols symbols)
        {
            value = Unconverted(value);
            return value is IObjectCreationOperation creation ? IsInMemoryType(creation.Type, symbols)
                : value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null } || IsInMemoryPipeEnd(value, symbols);
        }

        /// <summary>
        /// An object that does no I/O of its own: every awaitable <c>...Async</c> instance method of its type (and bases) that the
        /// caller can reach takes a stream, reader or writer to work on. An ImageSharp <c>Image</c> (<c>SaveAsync(Stream, ..)</c>), an
        /// encoder, an options object. A blob client (<c>ExistsAsync()</c>) or <c>HttpContent</c> (<c>ReadAsStringAsync()</c>) has
        /// I/O of its own; so may a type parameter or an unknown type.
        /// </summary>
        private static bool HasNoIoOfItsOwn(ITypeSymbol? type, KnownSymbols symbols, INamedTypeSymbol? within)
        {
            if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
            {
                return type is IArrayTypeSymbol;
            }

            var types = named.TypeKind == TypeKind.Interface ? named.AllInterfaces.Add(named) : System.Collections.Immutable.ImmutableArray<INamedTypeSymbol>.Empty;
            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                types = types.Add(current);
            }

            foreach (var declaring in types)
            {
                foreach (var member in declaring.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } candidate
                        && candidate.Name.EndsWith("Async", System.StringComparison.Ordinal)
                        && symbols.IsTaskLike(candidate.ReturnType)
                        && (within is null || symbols.Compilation.IsSymbolAccessibleWithin(candidate, within))
                        && !candidate.Parameters.Any(p => IsChannel(p.Type, symbols)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Cleanup while an exception propagates: a parameterless <c>Dispose()</c> or <c>Close()</c>, or a pipe writer's or reader's
        /// <c>Complete(..)</c> (<see cref="IsPipeComplete"/>), in a <c>catch</c> clause that can only end by throwing (its end is unreachable and nothing jumps out of it), or <c>x?.Dispose()</c> in a
        /// <c>finally</c> where <c>x</c> is a local the <c>try</c> block sets to null as its last statement, nothing jumps out of that
        /// block, every <c>catch</c> of it ends by throwing and no lambda captures <c>x</c>: then <c>x</c> is non-null there only when
        /// the <c>try</c> failed. The operation is failing anyway; the object is mostly broken, and its dispose costs a thread only on
        /// that path. A catch that handles the error and goes on is the method's normal path and stays reported.
        /// </summary>
        private static bool IsCleanupOnFailure(IInvocationOperation invocation, SemanticModel model, KnownSymbols symbols)
        {
            if (!(invocation.TargetMethod is { Name: "Dispose" or "Close", Parameters.IsEmpty: true } || IsPipeComplete(invocation.TargetMethod, symbols)))
            {
                return false;
            }

            for (var node = invocation.Syntax.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                    case CatchClauseSyntax { Block: { } block } when block.Span.Contains(invocation.Syntax.Span):
                        return EndsByThrowing(block, model);
                    case FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement }:
                        return DisposesOnlyAfterFailure(invocation, tryStatement, model);
                    case CatchFilterClauseSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>Complete()</c> or <c>Complete(exception)</c> of a <c>System.IO.Pipelines</c> writer or reader (or a type derived from
        /// one): the pipe's closing operation, its equivalent of <c>Dispose</c>.
        /// </summary>
        private static bool IsPipeComplete(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method is not { Name: "Complete", IsStatic: false } || method.Parameters.Length > 1
                || (method.Parameters.Length == 1 && !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, symbols.Exception)))
            {
                return false;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if ((symbols.PipeWriter is not null && SymbolEqualityComparer.Default.Equals(type, symbols.PipeWriter))
                    || (symbols.PipeReader is not null && SymbolEqualityComparer.Default.Equals(type, symbols.PipeReader)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool EndsByThrowing(BlockSyntax block, SemanticModel model)
        {
            if (block.Statements.Count == 0)
            {
                return false;
            }

            var flow = model.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
            return flow is { Succeeded: true, EndPointIsReachable: false } && flow.ExitPoints.IsEmpty && flow.ReturnStatements.IsEmpty;
        }

        private static bool DisposesOnlyAfterFailure(IInvocationOperation invocation, TryStatementSyntax tryStatement, SemanticModel model)
        {
            if (invocation.Instance is not IConditionalAccessInstanceOperation
                || invocation.Parent is not IConditionalAccessOperation { Operation: var accessed }
                || Unconverted(accessed) is not ILocalReferenceOperation { Local: { IsRef: false } local })
            {
                return false;
            }

            var statements = tryStatement.Block.Statements;
            if (statements.Count == 0
                || model.GetOperation(statements[statements.Count - 1]) is not IExpressionStatementOperation
                {
                    Operation: ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target, Value: var cleared }
                }
                || !SymbolEqualityComparer.Default.Equals(target.Local, local)
                || !(Unconverted(cleared) is IDefaultValueOperation || Unconverted(cleared).ConstantValue is { HasValue: true, Value: null }))
            {
                return false;
            }

            var flow = model.AnalyzeControlFlow(statements[0], statements[statements.Count - 1]);
            if (flow is not { Succeeded: true } || !flow.ExitPoints.IsEmpty || !flow.ReturnStatements.IsEmpty)
            {
                return false;
            }

            foreach (var catchClause in tryStatement.Catches)
            {
                if (!EndsByThrowing(catchClause.Block, model))
                {
                    return false;
                }
            }

            var data = model.AnalyzeDataFlow(tryStatement);
            return data is { Succeeded: true } && !data.CapturedInside.Contains(local) && !data.CapturedOutside.Contains(local);
        }

        private static bool IsBlockingCollectionTake(IMethodSymbol method, KnownSymbols symbols)
            => method.Name == "Take" && method.Parameters.Length <= 1
               && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.BlockingCollectionOfT);

        /// <summary>
        /// A query over a loaded collection: the receiver chain (<c>.Where(..).OrderBy(..)</c>, operators that return the query they
        /// extend, not an element of it) starts at
        /// <c>Queryable.AsQueryable(source)</c> over a source that is no <c>IQueryable</c> itself (a list, a navigation collection).
        /// Its <c>ToArray()</c>/<c>First()</c> run in memory, and EF Core's <c>ToArrayAsync</c> throws on it (no async provider).
        /// <c>dbSet.AsQueryable()</c> is a database query still: a DbSet is an <c>IQueryable</c>.
        /// </summary>
        private static bool IsInMemoryQuery(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (symbols.IQueryable is null || symbols.Queryable is null)
            {
                return false;
            }

            for (var receiver = QueryReceiver(invocation, symbols.IQueryable); receiver is IInvocationOperation call; receiver = QueryReceiver(call, symbols.IQueryable))
            {
                if (call.TargetMethod.Name == "AsQueryable" && call.Arguments.Length == 1
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Queryable))
                {
                    return Unconverted(call.Arguments[0].Value).Type is { } source && !IsQueryable(source, symbols.IQueryable);
                }

                // Where/OrderBy/Select return a query by declaration; First over a query of queries returns an element that
                // happens to be one, and that element is not the in-memory query.
                if (!IsQueryable(call.TargetMethod.OriginalDefinition.ReturnType, symbols.IQueryable))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The receiver of a call (its instance, or an extension method's first argument) when it is a query.</summary>
        private static IOperation? QueryReceiver(IInvocationOperation call, INamedTypeSymbol queryable)
        {
            var receiver = AsyncStreams.Receiver(call);
            receiver = receiver is null ? null : Unconverted(receiver);
            return receiver?.Type is { } type && IsQueryable(type, queryable) ? receiver : null;
        }

        private static bool IsQueryable(ITypeSymbol type, INamedTypeSymbol queryable)
            => SymbolEqualityComparer.Default.Equals(type, queryable) || type.AllInterfaces.Contains(queryable, SymbolEqualityComparer.Default);

        /// <summary>
        /// The counterpart of a method is looked up once per import scope, not per file: files of one namespace with the same
        /// usings see the same extension methods. This rule runs on every call in async code and must stay cheap.
        /// </summary>
        private sealed class MethodInScopeComparer : IEqualityComparer<(IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType)>
        {
            public static readonly MethodInScopeComparer Instance = new();

            public bool Equals((IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType) x, (IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType) y)
                => x.Scope == y.Scope && SymbolEqualityComparer.Default.Equals(x.Method, y.Method)
                   && SymbolEqualityComparer.Default.Equals(x.CallingType, y.CallingType) && SymbolEqualityComparer.Default.Equals(x.ReceiverType, y.ReceiverType);

            public int GetHashCode((IMethodSymbol Method, int Scope, ISymbol? CallingType, ITypeSymbol? ReceiverType) obj)
                => (((((obj.Scope * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Method)) * 397)
                    ^ SymbolEqualityComparer.Default.GetHashCode(obj.CallingType)) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.ReceiverType);
        }

        private static IOperation Unconverted(IOperation operation) => OperationFacts.WithoutImplicitConversions(operation);

        /// <summary>
        /// A key for what is imported at a spot: the enclosing namespace declarations, innermost first, with their usings, then the
        /// file's usings. Two spots with one key see the same extension methods. A file that declares <c>file</c>-local types gets
        /// a key of its own, since those are visible in it alone.
        /// </summary>
        private sealed class ImportScopes
        {
            private readonly ConcurrentDictionary<SyntaxNode, int> keys = new();
            private readonly ConcurrentDictionary<string, int> ids = new(System.StringComparer.Ordinal);
            private int lastId;

            /// <summary>A small number per distinct import scope: cheap to hash on every call, unlike the text it stands for.</summary>
            public int KeyOf(SyntaxNode node)
            {
                SyntaxNode scope = node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() ?? (SyntaxNode)node.SyntaxTree.GetRoot();
                return keys.GetOrAdd(scope, s => ids.GetOrAdd(Build(s), _ => System.Threading.Interlocked.Increment(ref lastId)));
            }

            private static string Build(SyntaxNode scope)
            {
                var key = new StringBuilder();
                for (var current = scope; current is not null; current = current.Parent)
                {
                    switch (current)
                    {
                        case BaseNamespaceDeclarationSyntax ns:
                            key.Append("namespace ").Append(ns.Name.ToString()).Append('{');
                            AppendUsings(key, ns.Usings);
                            break;
                        case CompilationUnitSyntax unit:
                            AppendUsings(key, unit.Usings);
                            if (DeclaresFileLocalTypes(unit))
                            {
                                key.Append("file ").Append(unit.SyntaxTree.FilePath).Append(' ').Append(unit.SyntaxTree.GetHashCode());
                            }

                            break;
                    }
                }

                return key.ToString();
            }

            private static void AppendUsings(StringBuilder key, SyntaxList<UsingDirectiveSyntax> usings)
            {
                foreach (var directive in usings)
                {
                    key.Append(directive.ToString()).Append(';');
                }
            }

            private static bool DeclaresFileLocalTypes(CompilationUnitSyntax unit)
            {
                foreach (var node in unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is BaseTypeDeclarationSyntax type && type.Modifiers.Any(m => m.ValueText == "file"))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
