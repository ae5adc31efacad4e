using System.Collections.Concurrent;
using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC001: an <c>async void</c> method or local function. Nobody can await it, so its caller cannot know when it is
    /// done, and an exception escaping it is raised on the synchronization context, where it usually ends the process.
    /// Silent for event handlers (the <c>(object, EventArgs)</c> shape, or any method subscribed with <c>+=</c> in the same
    /// compilation) and for members whose <c>void</c> is fixed by an override or interface. Silent too for a method converted
    /// to a void-returning delegate in its own type (a timer callback) whose whole body is one <c>try</c> with a catch-all that
    /// does not rethrow: it has to be void, and nothing can escape it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC001AsyncVoidMethodAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.AsyncVoidMethod,
            title: "Do not write async void methods",
            messageFormat: "'{0}' is async void: no caller can await it or catch its exceptions; return Task instead",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "A coroutine is something its caller can await. An async void method cannot be awaited: the caller "
                + "goes on before it finishes, cannot tell when it is done, and an exception it throws is raised where no "
                + "one can catch it. Only event handlers, whose signature the event fixes, should be async void.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            var elsewhere = new SubscribedElsewhere(context.Compilation);
            var mentionsAsync = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols, elsewhere, mentionsAsync), SymbolKind.NamedType);
        }

        /// <summary>
        /// Per type: collect the async void methods and local functions, and the methods subscribed to events with <c>+=</c>;
        /// at the end of the type, report the ones no event uses.
        /// </summary>
        private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols, SubscribedElsewhere elsewhere, ConcurrentDictionary<INamedTypeSymbol, bool> mentionsAsync)
        {
            var type = (INamedTypeSymbol)context.Symbol;

            // Most types declare nothing async: a type whose source text never says 'async' has no async method or local function
            // (its nested types are inside that text), and then needs no per-type state and no action at all.
            if (!MentionsAsync(type, mentionsAsync))
            {
                return;
            }

            var candidates = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && IsCandidate(method, symbols))
                {
                    candidates.TryAdd(method, true);
                }
            }

            var subscribed = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(
                c =>
                {
                    var assignment = (IEventAssignmentOperation)c.Operation;
                    if (assignment.Adds && HandlerMethod(assignment.HandlerValue) is { } handler)
                    {
                        subscribed.TryAdd(handler.OriginalDefinition, true);
                    }
                },
                OperationKind.EventAssignment);
            context.RegisterOperationAction(
                c =>
                {
                    var localFunction = ((ILocalFunctionOperation)c.Operation).Symbol;
                    if (IsCandidate(localFunction, symbols))
                    {
                        candidates.TryAdd(localFunction, true);
                    }
                },
                OperationKind.LocalFunction);

            // Class 6 of issue 14: a method that must stay void because it is converted to a void-returning delegate (a
            // TimerCallback, an Action parameter) and whose whole body is one try with a catch-all that does not rethrow: nothing
            // escapes it, so nothing can crash. Both facts are collected here, from the type's own operations.
            var toVoidDelegate = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            var guarded = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(
                c =>
                {
                    // Method groups only (far fewer than delegate creations, which every lambda makes too).
                    var reference = (IMethodReferenceOperation)c.Operation;
                    if (reference.Method is { IsAsync: true, ReturnsVoid: true } method
                        && reference.Parent is IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod.ReturnsVoid: true } })
                    {
                        toVoidDelegate.TryAdd(method.OriginalDefinition, true);
                    }
                },
                OperationKind.MethodReference);
            context.RegisterOperationAction(
                c =>
                {
                    var tryOperation = (ITryOperation)c.Operation;
                    if (WholeBodyOf(tryOperation, c.ContainingSymbol) is { IsAsync: true, ReturnsVoid: true } method && CatchAll.CatchesEverything(tryOperation, symbols))
                    {
                        guarded.TryAdd(method.OriginalDefinition, true);
                    }
                },
                OperationKind.Try);

            context.RegisterSymbolEndAction(end =>
            {
                foreach (var method in candidates.Keys)
                {
                    if (!subscribed.ContainsKey(method.OriginalDefinition) && !method.Locations.IsEmpty
                        && !(toVoidDelegate.ContainsKey(method.OriginalDefinition) && guarded.ContainsKey(method.OriginalDefinition))
                        && (method.DeclaredAccessibility == Accessibility.Private || method.MethodKind == MethodKind.LocalFunction || !elsewhere.Contains(method.Name)))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], method.Name));
                    }
                }
            });
        }

        /// <summary>
        /// True when the text of one of the type's declarations contains <c>async</c> (as a keyword or inside any longer word, comment
        /// or string: a false "yes" only costs the per-type actions). Read from the source text, not the syntax nodes, as
        /// <see cref="SubscribedElsewhere"/> does. A nested type's text lies inside its containing type's: when that one never says
        /// <c>async</c>, neither does the nested one, and its text is not read again (answers are kept per compilation in
        /// <paramref name="answers"/>).
        /// </summary>
        private static bool MentionsAsync(INamedTypeSymbol type, ConcurrentDictionary<INamedTypeSymbol, bool> answers)
        {
            if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
            {
                return false;
            }

            if (answers.TryGetValue(type, out var known))
            {
                return known;
            }

            var answer = (type.ContainingType is not { } containing || MentionsAsync(containing, answers)) && TextSaysAsync(type);
            answers.TryAdd(type, answer);
            return answer;
        }

        private static bool TextSaysAsync(INamedTypeSymbol type)
        {
            const string Keyword = "async";
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var text = reference.SyntaxTree.GetText();
                var span = reference.Span;
                var buffer = new char[System.Math.Min(SubscribedElsewhere.ChunkSize + Keyword.Length - 1, span.Length)];
                for (var start = span.Start; start < span.End; start += SubscribedElsewhere.ChunkSize)
                {
                    var count = System.Math.Min(buffer.Length, span.End - start);
                    if (count < Keyword.Length)
                    {
                        break;
                    }

                    text.CopyTo(start, buffer, 0, count);

                    // Find the rare 'y' (a vectorized search), then look at its neighbours: "as" before, "nc" after.
                    // The 'y' of a match starting at i (0 <= i <= count - 5) is at i + 2.
                    var y = System.Array.IndexOf(buffer, 'y', 2, count - 4);
                    while (y >= 0)
                    {
                        if (buffer[y - 2] == 'a' && buffer[y - 1] == 's' && buffer[y + 1] == 'n' && buffer[y + 2] == 'c')
                        {
                            return true;
                        }

                        y = y + 1 <= count - 3 ? System.Array.IndexOf(buffer, 'y', y + 1, count - 3 - y) : -1;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The method or local function whose body is exactly <paramref name="tryOperation"/> (nothing before or after it, apart from
        /// the implicit return the compiler adds at the end of a local function's block), else null.
        /// </summary>
        private static IMethodSymbol? WholeBodyOf(ITryOperation tryOperation, ISymbol containingSymbol)
            => tryOperation.Parent is IBlockOperation block && CatchAll.WholeBlock(block) == tryOperation
                ? block.Parent switch
                {
                    IMethodBodyOperation => containingSymbol as IMethodSymbol,
                    ILocalFunctionOperation localFunction => localFunction.Symbol,
                    _ => null,
                }
                : null;

        private static bool IsCandidate(IMethodSymbol method, KnownSymbols symbols)
            => method.IsAsync
               && method.ReturnsVoid
               && !method.IsImplicitlyDeclared
               && !Signatures.IsEventHandlerShaped(method, symbols)
               && !Signatures.OverridesOrImplements(method);

        private static IMethodSymbol? HandlerMethod(IOperation? handler)
        {
            while (handler is IConversionOperation conversion)
            {
                handler = conversion.Operand;
            }

            return handler switch
            {
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
        }
    }
}
