using System.Collections.Concurrent;
using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC001: an <c>async void</c> method or local function. Nobody can await it, so its caller cannot know when it is
    /// done, and an exception escaping it is raised on the synchronization context, where it usually ends the process.
    /// Silent for event handlers (the <c>(object, EventArgs)</c> shape, or any method subscribed with <c>+=</c> in the same
    /// compilation) and for members whose <c>void</c> is fixed by an override or interface.
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
            context.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols, elsewhere), SymbolKind.NamedType);
        }

        /// <summary>
        /// "Is a method of this name subscribed with <c>+=</c> (or wrapped in <c>new SomeHandler(M)</c>) anywhere in the compilation,
        /// generated code included?" Answered from syntax alone, once per name and only when a type has a non-private async void
        /// method to ask about: a subscription from another type cannot be seen from inside the type, and reporting at
        /// compilation end would take the squiggle away from the editor. Only files whose text holds the name are walked.
        /// </summary>
        private sealed class SubscribedElsewhere
        {
            private readonly Compilation compilation;
            private readonly ConcurrentDictionary<string, bool> byName = new(System.StringComparer.Ordinal);

            public SubscribedElsewhere(Compilation compilation) => this.compilation = compilation;

            public bool Contains(string name) => byName.GetOrAdd(name, n => IsSubscribedIn(compilation, n));

            private static bool IsSubscribedIn(Compilation compilation, string name)
            {
                foreach (var tree in compilation.SyntaxTrees)
                {
                    if (!TextContains(tree.GetText(), name))
                    {
                        continue;
                    }

                    foreach (var node in tree.GetRoot().DescendantNodes())
                    {
                        var handler = node switch
                        {
                            AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression) => assignment.Right,
                            ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation => creation.ArgumentList.Arguments[0].Expression,
                            _ => null,
                        };
                        var subscribed = handler switch
                        {
                            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                            _ => null,
                        };
                        if (subscribed == name)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            /// <summary>A plain ordinal search of the file's text, in chunks (no copy of the whole file).</summary>
            private static bool TextContains(SourceText text, string value)
            {
                const int ChunkSize = 8192;
                if (value.Length == 0)
                {
                    return true;
                }

                var buffer = new char[ChunkSize + value.Length];
                for (var start = 0; start < text.Length; start += ChunkSize)
                {
                    var count = System.Math.Min(ChunkSize + value.Length - 1, text.Length - start);
                    text.CopyTo(start, buffer, 0, count);
                    for (var i = 0; i + value.Length <= count; i++)
                    {
                        if (buffer[i] != value[0])
                        {
                            continue;
                        }

                        var j = 1;
                        while (j < value.Length && buffer[i + j] == value[j])
                        {
                            j++;
                        }

                        if (j == value.Length)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// Per type: collect the async void methods and local functions, and the methods subscribed to events with <c>+=</c>;
        /// at the end of the type, report the ones no event uses.
        /// </summary>
        private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols, SubscribedElsewhere elsewhere)
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
                    if (!subscribed.ContainsKey(method.OriginalDefinition) && !method.Locations.IsEmpty
                        && (method.DeclaredAccessibility == Accessibility.Private || method.MethodKind == MethodKind.LocalFunction || !elsewhere.Contains(method.Name)))
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
