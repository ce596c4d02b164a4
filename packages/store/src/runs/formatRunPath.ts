/** `entity/project/id` of a run. */
export function formatRunPath(run: { entity: string; project: string; id: string }): string {
  return `${run.entity}/${run.project}/${run.id}`;
}
