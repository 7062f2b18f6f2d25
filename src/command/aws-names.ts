/**
 * AWS's naming rules for what commands take as arguments, checked before any AWS call so a typo
 * is answered with the usage line instead of an AWS error.
 */

/** SageMaker's rule for endpoint (and endpoint config) names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** What is wrong with `value` as a SageMaker endpoint (or variant) name, or undefined when it is one. */
export function endpointNameProblem(value: string): string | undefined {
  return SAGEMAKER_NAME.test(value) ? undefined : 'is not a SageMaker name (letters, digits and hyphens inside, at most 63 characters)';
}
