using System.Collections.Immutable;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC004 fix: <c>await Task.Factory.StartNew(f)</c> (or <c>StartNew(f, token)</c>) → <c>await Task.Run(f[, token])</c>, which
    /// unwraps async lambdas; any other nested task (StartNew with creation options or a scheduler, a method returning
    /// <c>Task&lt;Task&gt;</c>) → <c>await x.Unwrap()</c>, which keeps those options and waits for the inner task too. A nested task
    /// converted to <c>Task</c> (<c>Task t = Task.Factory.StartNew(..)</c>) gets the same two rewrites; both results convert to <c>Task</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC004NestedTaskAwaitedCodeFix))]
    public sealed class ASYNC004NestedTaskAwaitedCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NestedTaskAwaited);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.NestedTaskAwaited;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (NestedTask(diagnostic, node) is not { } nested)
            {
                return null;
            }

            if (IsPlainStartNew(nested, semanticModel, cancellationToken))
            {
                return "Use Task.Run";
            }

            // Unwrap() exists for Task<Task> and Task<Task<T>> only, not for a class derived from Task inside.
            return semanticModel.GetTypeInfo(nested, cancellationToken).Type is INamedTypeSymbol { TypeArguments.Length: 1 } outer
                && KnownSymbols.For(semanticModel.Compilation) is { } symbols && symbols.IsTaskOrTaskOfT(outer.TypeArguments[0])
                ? "Unwrap the inner task"
                : null;
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var nested = NestedTask(diagnostic, node)!;
            var useRun = IsPlainStartNew(nested, semanticModel, cancellationToken);
            var unwrapBinds = semanticModel.GetSpeculativeSymbolInfo(
                nested.SpanStart,
                SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncSyntax.Parenthesize(nested), SyntaxFactory.IdentifierName("Unwrap"))),
                SpeculativeBindingOption.BindAsExpression).Symbol is not null;
            editor.ReplaceNode(nested, (current, _) =>
            {
                var expression = (ExpressionSyntax)current;
                if (useRun && expression is InvocationExpressionSyntax startNew)
                {
                    return AsyncSyntax.InvokeTaskMethod("Run", startNew.ArgumentList).WithTriviaFrom(expression);
                }

                // The extension needs System.Threading.Tasks in scope; where it is not, call it through its class, whose name
                // cleanup then imports and shortens.
                ExpressionSyntax unwrapped = AsyncSyntax.InvokeMember(expression, "Unwrap", SyntaxFactory.ArgumentList());
                if (!unwrapBinds)
                {
                    unwrapped = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            SyntaxFactory.ParseExpression("System.Threading.Tasks.TaskExtensions").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation),
                            SyntaxFactory.IdentifierName("Unwrap")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))));
                }

                return unwrapped.WithTriviaFrom(expression);
            });
        }

        /// <summary>
        /// The nested task expression: the one converted to <c>Task</c> (the diagnostic is on it), or the awaited one, or the receiver
        /// of its <c>ConfigureAwait(..)</c>.
        /// </summary>
        private static ExpressionSyntax? NestedTask(Diagnostic diagnostic, SyntaxNode node)
            => diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) && kind == DiagnosticProperties.ConvertedToTask
                ? node as ExpressionSyntax
                : node is AwaitExpressionSyntax awaitExpression ? NestedTask(awaitExpression) : null;

        private static ExpressionSyntax NestedTask(AwaitExpressionSyntax awaitExpression)
            => awaitExpression.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var receiver } }
                ? receiver
                : awaitExpression.Expression;

        /// <summary>
        /// <c>Task.Factory.StartNew(func)</c> or <c>StartNew(func, token)</c> with a <c>Func&lt;Task&gt;</c>/<c>Func&lt;Task&lt;T&gt;&gt;</c>:
        /// the default options, which Task.Run matches (Task.Run also refuses child attachment and uses the default scheduler,
        /// what StartNew gives outside a custom scheduler).
        /// </summary>
        private static bool IsPlainStartNew(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            // Task.Factory itself, not a TaskFactory made with its own options or scheduler.
            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var factory } }
                || KnownSymbols.For(semanticModel.Compilation) is not { } symbols
                || semanticModel.GetSymbolInfo(factory, cancellationToken).Symbol is not IPropertySymbol { Name: "Factory", IsStatic: true } factoryProperty
                || !symbols.IsTaskOrTaskOfT(factoryProperty.ContainingType)
                || semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol is not IMethodSymbol { Name: "StartNew" } method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, factoryProperty.Type.OriginalDefinition)
                || method.Parameters.Length is 0 or > 2
                || method.Parameters[0].Type is not INamedTypeSymbol { Name: "Func" })
            {
                return false;
            }

            return method.Parameters.Length == 1 || symbols.IsCancellationToken(method.Parameters[1].Type);
        }
    }
}
