export function gradeLength(output) {
  return output.length > 0;
}
