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
    /// thread for the whole I/O or wait. Precision (docs/rules/ASYNC031.md): never on in-memory I/O (MemoryStream, StringReader, StringWriter),
    /// Console writes, DbSet.Add/AddRange, SemaphoreSlim.Wait(0), CancellationTokenRegistration.Dispose, a query over a loaded
    /// collection (<c>list.AsQueryable()</c>), the waits ASYNC010 reports, or a counterpart that could bind back to the function
    /// the call is in.
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
            var accessKey = lookedUpOn is { } c && !c.Locations.IsEmpty && c.Locations[0].IsInSource ? callingType : null;
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
                || AsyncCounterparts.CouldBindBack(counterpart, invocation.Syntax, AsyncContext.GetEnclosingFunction(invocation, context.ContainingSymbol) ?? context.ContainingSymbol)
                || IsInMemoryQuery(invocation, symbols)
                || DualPathBranches.IsInSyncBranch(invocation))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(CounterpartProperty, counterpart.Name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, counterpart.Name));
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

            for (var receiver = invocation.Instance?.Type as INamedTypeSymbol; receiver is not null; receiver = receiver.BaseType)
            {
                if (symbols.InMemoryIoTypes.Contains(receiver))
                {
                    return true;
                }
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
            var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
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

        private static IOperation Unconverted(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

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
