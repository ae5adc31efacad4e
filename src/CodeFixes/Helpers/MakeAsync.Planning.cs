using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        private static MakeAsyncPlan? PlanLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || lambda is ParenthesizedLambdaExpressionSyntax { ReturnType: not null }
                || semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol method
                || HasUnsupportedParameters(method))
            {
                return null;
            }

            var converted = semanticModel.GetTypeInfo(lambda, cancellationToken).ConvertedType;
            if (SymbolFacts.InheritsFrom(converted, symbols.LambdaExpression))
            {
                return null; // expression trees cannot be async
            }

            var returns = ReturnRewrite.None;
            if (!method.ReturnsVoid)
            {
                if (!IsAsyncReturnType(method.ReturnType, symbols) || (IsGenericTaskLike(method.ReturnType) && HasTypelessReturn(lambda, semanticModel, cancellationToken)))
                {
                    return null; // an async lambda cannot produce a non-task value (CS4010); typeless returns would be awaited
                }

                returns = IsGenericTaskLike(method.ReturnType) ? ReturnRewrite.AwaitGeneric : ReturnRewrite.AwaitNonGeneric;
            }

            var what = lambda is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
            return new MakeAsyncPlan(lambda, null, returns, ImmutableArray<InvocationExpressionSyntax>.Empty, $"Make the {what} async");
        }

        private static async Task<MakeAsyncPlan?> PlanMethodAsync(Document document, SyntaxNode function, SemanticModel semanticModel, KnownSymbols symbols, bool planCallers, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || method.IsAsync
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation)
                || HasUnsupportedParameters(method)
                || (!method.IsStatic && method.ContainingType is { IsRefLikeType: true })
                || method.ReturnsByRef || method.ReturnsByRefReadonly
                || IsSynchronized(method) || IsConditional(method))
            {
                return null;
            }

            var returnTypeSyntax = function is MethodDeclarationSyntax m ? m.ReturnType : ((LocalFunctionStatementSyntax)function).ReturnType;
            var isIterator = ContainsYield(function);
            var languageVersion = (function.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            if ((isIterator && languageVersion < LanguageVersion.CSharp8) || (method.Name == "Main" && method.IsStatic && languageVersion < LanguageVersion.CSharp7_1))
            {
                return null; // async iterators need C# 8, an async Main C# 7.1
            }

            TypeSyntax? newReturnType;
            var returns = ReturnRewrite.None;
            string shownType;
            if (isIterator)
            {
                var asyncInterface = AsyncIteratorInterface(method.ReturnType, symbols.Compilation);
                if (asyncInterface is null)
                {
                    return null;
                }

                newReturnType = asyncInterface.Length == 0 ? null : GenericType(asyncInterface, TypeArgument(returnTypeSyntax, method.ReturnType, semanticModel));
                shownType = asyncInterface.Length == 0
                    ? method.ReturnType.Name
                    : asyncInterface.Split('.').Last() + "<" + ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            }
            else if (method.ReturnsVoid)
            {
                newReturnType = QualifiedTask(null);
                shownType = "Task";
            }
            else if (IsAsyncReturnType(method.ReturnType, symbols))
            {
                if (IsGenericTaskLike(method.ReturnType) && HasTypelessReturn(function, semanticModel, cancellationToken))
                {
                    return null; // return null / default / new(): once async, these would be awaited (CS4001, CS8754)
                }

                newReturnType = null;
                returns = IsGenericTaskLike(method.ReturnType) ? ReturnRewrite.AwaitGeneric : ReturnRewrite.AwaitNonGeneric;
                shownType = method.ReturnType.Name;
            }
            else if (symbols.IsTaskLike(method.ReturnType)
                || method.ReturnType.IsRefLikeType || method.ReturnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || symbols.TaskOfT is null)
            {
                return null;
            }
            else
            {
                newReturnType = QualifiedTask(returnTypeSyntax);
                shownType = "Task<" + method.ReturnType.ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            }

            var callers = ImmutableArray<InvocationExpressionSyntax>.Empty;
            if (newReturnType is not null)
            {
                if (Signatures.IsReturnTypeFixed(method))
                {
                    return null;
                }

                var found = planCallers
                    ? await CallersToAwaitAsync(document, function, method, isIterator, semanticModel, cancellationToken, awaitUnusedCallsInAsyncCode: true).ConfigureAwait(false)
                    : ImmutableArray<InvocationExpressionSyntax>.Empty;
                if (found is null)
                {
                    return null;
                }

                callers = found.Value;
            }

            var description = newReturnType is null ? $"Make '{method.Name}' async" : $"Make '{method.Name}' async (returns {shownType})";
            return new MakeAsyncPlan(function, newReturnType, returns, callers, description);
        }

        private static bool HasUnsupportedParameters(IMethodSymbol method)
            => method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer);

        private static bool IsSynchronized(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "MethodImplAttribute"
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is { } value
                    && (System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) & (int)MethodImplOptions.Synchronized) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>[Conditional("DEBUG")]</c> method must return void (CS0578): it stays sync.</summary>
        private static bool IsConditional(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ConditionalAttribute", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The return types an async method or lambda may have here: Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; (not a class derived from Task).</summary>
        private static bool IsAsyncReturnType(ITypeSymbol type, KnownSymbols symbols) => symbols.IsTaskOrValueTask(type);

        /// <summary>
        /// A <c>return</c> (or expression body) whose value has no type of its own: <c>null</c>, <c>default</c>, <c>new()</c>. In a
        /// Task&lt;T&gt; function it would have to be awaited, which cannot compile; in a Task function it becomes <c>return;</c>.
        /// </summary>
        private static bool HasTypelessReturn(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var values = function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>()
                .Select(r => r.Expression)
                .Concat(new[]
                {
                    function switch
                    {
                        MethodDeclarationSyntax m => m.ExpressionBody?.Expression,
                        LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
                        AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
                        _ => null,
                    },
                });
            foreach (var value in values)
            {
                if (value is not null
                    && (value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is ImplicitObjectCreationExpressionSyntax
                        || semanticModel.GetTypeInfo(value, cancellationToken).Type is null))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsGenericTaskLike(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: true };
    }
}
