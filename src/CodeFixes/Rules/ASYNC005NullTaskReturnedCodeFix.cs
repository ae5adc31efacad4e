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
    /// ASYNC005 fix: <c>return null;</c> → <c>return Task.CompletedTask;</c> for <c>Task</c>, and
    /// <c>return Task.FromResult&lt;T&gt;(null);</c> (or <c>default</c> for value types) for <c>Task&lt;T&gt;</c>: the awaiting caller
    /// then sees a finished task with the null result it was evidently meant to get. A null branch of a conditional is replaced
    /// alone. Not offered for classes derived from Task, nor for a null returned to <c>Task.Run</c> (which cancels its task:
    /// a finished task there would change what the caller sees).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC005NullTaskReturnedCodeFix))]
    public sealed class ASYNC005NullTaskReturnedCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NullTaskReturned);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.NullTaskReturned;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            // Task.Run turns a null into a cancelled task: a finished one would change what the awaiting caller sees.
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) && kind == DiagnosticProperties.TaskRunCancels)
            {
                return null;
            }

            var taskType = TaskType(node, semanticModel, cancellationToken);
            var languageVersion = (node.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            return taskType switch
            {
                null => null,

                // Task.CompletedTask arrived in .NET Framework 4.6.
                { IsGenericType: false } => taskType.GetMembers("CompletedTask").IsEmpty ? null : "Return Task.CompletedTask",

                // An anonymous type has no name to write; the default literal needs C# 7.1.
                _ when taskType.TypeArguments[0].IsAnonymousType || languageVersion < LanguageVersion.CSharp7_1 => null,
                _ => "Return Task.FromResult",
            };
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var taskType = TaskType(node, semanticModel, cancellationToken)!;
            ExpressionSyntax replacement;
            if (!taskType.IsGenericType)
            {
                replacement = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncSyntax.TaskType(), SyntaxFactory.IdentifierName("CompletedTask"));
            }
            else
            {
                var resultType = taskType.TypeArguments[0];
                var nullable = semanticModel.GetNullableContext(node.SpanStart).AnnotationsEnabled();
                ExpressionSyntax value = resultType.IsValueType
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)
                    : SyntaxFactory.LiteralExpression(resultType.IsReferenceType ? SyntaxKind.NullLiteralExpression : SyntaxKind.DefaultLiteralExpression);
                if (nullable && !resultType.IsValueType && resultType.NullableAnnotation != NullableAnnotation.Annotated)
                {
                    value = SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, value);
                }

                var fromResult = SyntaxFactory.GenericName(
                    SyntaxFactory.Identifier("FromResult"),
                    SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.ParseTypeName(resultType.ToMinimalDisplayString(semanticModel, node.SpanStart)))));
                replacement = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncSyntax.TaskType(), fromResult),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value))));
            }

            editor.ReplaceNode(node, (current, _) => replacement.WithTriviaFrom(current));
        }

        /// <summary>Task or Task&lt;T&gt; the function returns (not a derived class), or null.</summary>
        private static INamedTypeSymbol? TaskType(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            var type = semanticModel.GetTypeInfo(node, cancellationToken).ConvertedType as INamedTypeSymbol;
            if (symbols is null || type is null)
            {
                return null;
            }

            return symbols.IsTaskOrTaskOfT(type) ? type : null;
        }
    }
}
