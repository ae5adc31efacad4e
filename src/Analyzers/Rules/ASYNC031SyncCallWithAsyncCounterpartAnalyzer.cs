using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    public sealed partial class ASYNC031SyncCallWithAsyncCounterpartAnalyzer : AsyncRulesAnalyzer
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

        private static bool IsBlockingCollectionTake(IMethodSymbol method, KnownSymbols symbols)
            => method.Name == "Take" && method.Parameters.Length <= 1
               && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.BlockingCollectionOfT);

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
    }
}
