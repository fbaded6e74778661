"""Builds the Python module naba for pip (pyproject.toml): CMake builds the
extension naba._naba with a static libnaba linked in, so the installed package
needs nothing of this repository. Offline: Debian's setuptools and pybind11
drive the build (pip install --no-build-isolation .), nothing is downloaded.

Environment: CMAKE_ARGS adds CMake options (e.g.
-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); CMAKE_BUILD_PARALLEL_LEVEL caps the jobs."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    return re.search(r"project\(naba VERSION (\S+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        import pybind11  # Debian's python3-pybind11 (seen by a --system-site-packages venv)

        package_dir = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DBUILD_SHARED_LIBS=OFF",  # libnaba linked into the extension
            "-DNABA_BUILD_TESTS=OFF", "-DNABA_BUILD_BENCH=OFF", "-DNABA_BUILD_PYTHON=ON",
            f"-DNABA_PYTHON={sys.executable}",
            f"-Dpybind11_DIR={pybind11.get_cmake_dir()}",
            f"-DNABA_PYTHON_OUTPUT_DIR={package_dir}",
        ]
        if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
            configure += ["-G", "Ninja"]
        configure += os.environ.get("CMAKE_ARGS", "").split()
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "naba_python"],
                       check=True)


setup(
    version=project_version(),
    ext_modules=[Extension("naba._naba", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Beside the CMake build folders (build*/ is ignored by git), not in build/.
    options={"build": {"build_base": "build-pip"}},
)
