using System.Collections.Concurrent;
using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC001: an <c>async void</c> method or local function. Nobody can await it, so its caller cannot know when it is
    /// done, and an exception escaping it is raised on the synchronization context, where it usually ends the process.
    /// Silent for event handlers (the <c>(object, EventArgs)</c> shape, or any method subscribed with <c>+=</c> in the same
    /// type) and for members whose <c>void</c> is fixed by an override or interface.
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
            context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols), SymbolKind.NamedType);
        }

        /// <summary>
        /// Per type: collect the async void methods and local functions, and the methods subscribed to events with <c>+=</c>;
        /// at the end of the type, report the ones no event uses.
        /// </summary>
        private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols)
        {
            var type = (INamedTypeSymbol)context.Symbol;
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

            context.RegisterSymbolEndAction(end =>
            {
                foreach (var method in candidates.Keys)
                {
                    if (!subscribed.ContainsKey(method.OriginalDefinition) && !method.Locations.IsEmpty)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], method.Name));
                    }
                }
            });
        }

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
