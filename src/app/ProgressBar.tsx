/** A labelled progress bar (an accessible `progressbar` with its numbers as text). */
export function ProgressBar(props: {
  completed: number;
  total: number;
  percentage: number;
  label: string;
}) {
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={props.percentage}
      >
        <div class="progress-fill" style={{ width: `${props.percentage}%` }} />
      </div>
      <span class="progress-text">
        {props.completed} of {props.total} done ({Math.round(props.percentage)}%)
      </span>
    </div>
  );
}
