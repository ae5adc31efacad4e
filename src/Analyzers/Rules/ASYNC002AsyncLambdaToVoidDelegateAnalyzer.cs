using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC002: an async lambda or anonymous method converted to a delegate that returns void (<c>Action&lt;T&gt;</c>), e.g.
    /// <c>list.ForEach(async x => ...)</c> or <c>Parallel.ForEach(items, async x => ...)</c>: an async void in disguise. The
    /// caller gets no task, so it moves on at the lambda's first await and never sees its exceptions. Silent for event
    /// handlers (the <c>(object, EventArgs)</c> shape, or a lambda subscribed with <c>+=</c>).
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class ASYNC002AsyncLambdaToVoidDelegateAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.AsyncLambdaToVoidDelegate,
            title: "Do not pass an async lambda where a void delegate is expected",
            messageFormat: "This async lambda becomes '{0}', which returns void: the caller cannot await it or see its exceptions",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "An async lambda converted to Action is an async void method in disguise. The code that invokes it "
                + "gets nothing to await: List.ForEach and Parallel.ForEach return while the lambdas are still running, and an "
                + "exception inside one is raised where nobody can catch it.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
            => context.RegisterOperationAction(c => AnalyzeLambda(c, symbols), OperationKind.AnonymousFunction);

        private static void AnalyzeLambda(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            var method = lambda.Symbol;
            if (!method.IsAsync || !method.ReturnsVoid || Signatures.IsEventHandlerShaped(method, symbols) || IsSubscribedToEvent(lambda))
            {
                return;
            }

            var delegateType = lambda.Parent is IDelegateCreationOperation creation ? creation.Type : lambda.SemanticModel?.GetTypeInfo(lambda.Syntax).ConvertedType;
            var shown = delegateType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "Action";
            context.ReportDiagnostic(Diagnostic.Create(Rule, HeadLocation(lambda.Syntax), shown));
        }

        private static bool IsSubscribedToEvent(IAnonymousFunctionOperation lambda)
        {
            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IEventAssignmentOperation;
        }

        /// <summary>From <c>async</c> to the arrow (or to <c>delegate</c>): the lambda's head, not its whole body.</summary>
        private static Location HeadLocation(SyntaxNode syntax)
        {
            var end = syntax switch
            {
                LambdaExpressionSyntax lambda => lambda.ArrowToken.Span.End,
                AnonymousMethodExpressionSyntax anonymous => anonymous.DelegateKeyword.Span.End,
                _ => syntax.Span.End,
            };
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
        }
    }
}
