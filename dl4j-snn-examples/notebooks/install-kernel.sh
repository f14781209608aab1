#!/usr/bin/env bash
# Installs the "Java (dl4j-snn)" Jupyter kernel: rapaio-jupyter-kernel (a JShell-based Java kernel from Maven Central)
# with the project's runnable jar on its class path, so the notebooks in this folder can import org.dl4j.snn.*.
#
#   dl4j-snn-examples/notebooks/install-kernel.sh [options]
#
# Options (all optional):
#   --jar FILE          dl4j-snn.jar to put on the kernel's class path
#                       (default: dl4j-snn-examples/target/dl4j-snn.jar, built by `mvn -DskipTests package`)
#   --kernel-jar FILE   rapaio-jupyter-kernel-3.0.1.jar (default: fetched with Maven into the kernel folder; offline
#                       once it is in ~/.m2)
#   --kernels-dir DIR   folder that receives dl4j-snn/kernel.json (default: $JUPYTER_DATA_DIR/kernels, else
#                       ~/.local/share/jupyter/kernels: Jupyter's per-user kernel folder)
#   --java FILE         java executable of a JDK >= 17 (default: $JAVA_HOME/bin/java, else java on the PATH)
#   --jvm-opts "OPTS"   JVM options of the kernel (default: "-Xmx4g"); --add-modules=jdk.incubator.vector is
#                       always added
#
# The kernel folder holds kernel.json, the kernel jar and a compiled KernelLauncher (kernel/KernelLauncher.java: it
# starts the kernel without two start-up races of rapaio 3.0.1). Re-run the script after moving the repository.
set -euo pipefail

KERNEL_NAME=dl4j-snn
RAPAIO_GAV=io.github.padreati:rapaio-jupyter-kernel:3.0.1
RAPAIO_JAR_NAME=rapaio-jupyter-kernel-3.0.1.jar

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

jar="$repo/dl4j-snn-examples/target/dl4j-snn.jar"
kernel_jar=""
kernels_dir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
java_bin=""
jvm_opts="-Xmx4g"

die() { echo "install-kernel.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="${2:?--jar needs a file}"; shift 2 ;;
    --kernel-jar) kernel_jar="${2:?--kernel-jar needs a file}"; shift 2 ;;
    --kernels-dir) kernels_dir="${2:?--kernels-dir needs a folder}"; shift 2 ;;
    --java) java_bin="${2:?--java needs a file}"; shift 2 ;;
    --jvm-opts) jvm_opts="${2?--jvm-opts needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

# --- the JDK ----------------------------------------------------------------------------------------------------------
if [ -z "$java_bin" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java_bin="$JAVA_HOME/bin/java"
  else
    java_bin=$(command -v java) || die "no java on the PATH and no JAVA_HOME; pass --java /path/to/jdk/bin/java"
  fi
fi
java_bin=$(readlink -f "$java_bin")
[ -x "$java_bin" ] || die "--java $java_bin is not an executable"
javac_bin="$(dirname "$java_bin")/javac"
[ -x "$javac_bin" ] || die "$java_bin belongs to no JDK (no javac beside it); the kernel compiles notebook cells with JShell and needs a JDK"
java_major=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
case "$java_major" in
  1.*|[0-9]|1[0-6]) die "$java_bin is Java $java_major; the kernel and dl4j-snn need Java 17 or newer" ;;
esac

# --- dl4j-snn.jar -----------------------------------------------------------------------------------------------------
[ -f "$jar" ] || die "no $jar: build it first with 'mvn -B -q -DskipTests package' in $repo (or pass --jar)"
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

# --- the kernel folder ------------------------------------------------------------------------------------------------
kernel_dir="$kernels_dir/$KERNEL_NAME"
mkdir -p "$kernel_dir"
kernel_dir=$(cd "$kernel_dir" && pwd)

if [ -n "$kernel_jar" ]; then
  [ -f "$kernel_jar" ] || die "--kernel-jar $kernel_jar does not exist"
  cp -f "$kernel_jar" "$kernel_dir/$RAPAIO_JAR_NAME"
else
  command -v mvn >/dev/null 2>&1 || die "mvn not found; install Maven or pass --kernel-jar"
  # Run outside the project so Maven resolves just the one artifact (from ~/.m2, else Maven Central).
  (cd "$kernel_dir" && mvn -B -q dependency:copy -Dartifact="$RAPAIO_GAV" -DoutputDirectory="$kernel_dir") \
    || die "could not fetch $RAPAIO_GAV with Maven"
fi
[ -f "$kernel_dir/$RAPAIO_JAR_NAME" ] || die "$kernel_dir/$RAPAIO_JAR_NAME missing after the copy"

rm -rf "$kernel_dir/launcher"
"$javac_bin" --release 17 -nowarn -cp "$kernel_dir/$RAPAIO_JAR_NAME" -d "$kernel_dir/launcher" \
  "$here/kernel/KernelLauncher.java" || die "could not compile $here/kernel/KernelLauncher.java"

# --- kernel.json ------------------------------------------------------------------------------------------------------
json_string() { # a JSON string literal of $1
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
argv=$(json_string "$java_bin")
# The Vector API module always: the notebooks' networks then run the SIMD loops of the neuron kernel, batch norm and
# pooling, as a java -jar run with the module does (JShell runs the cells in the kernel's own JVM).
for opt in $jvm_opts --add-modules=jdk.incubator.vector -Djava.awt.headless=true; do
  argv+=", $(json_string "$opt")"
done
argv+=", \"-cp\", $(json_string "$kernel_dir/$RAPAIO_JAR_NAME:$kernel_dir/launcher"), \"KernelLauncher\", \"{connection_file}\""

cat > "$kernel_dir/kernel.json" <<EOF
{
  "argv": [$argv],
  "display_name": "Java (dl4j-snn)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": $(json_string "$jar")
  }
}
EOF

echo "installed kernel '$KERNEL_NAME' (Java $java_major) in $kernel_dir"
echo "class path: $jar"
